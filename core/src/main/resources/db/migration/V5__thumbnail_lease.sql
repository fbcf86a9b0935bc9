-- The thumbnail function claims a pending image before it decodes it: one update sets this lease, so of several
-- deliveries of the same image (a retry, a duplicate, a forged event) exactly one does the work while the lease
-- holds. A crashed worker's lease simply expires. The status stays 'pending' meanwhile, as clients know it, and
-- the reconcile pass still finds the image once the lease is over.
alter table images add column thumbnail_lease_until timestamptz;

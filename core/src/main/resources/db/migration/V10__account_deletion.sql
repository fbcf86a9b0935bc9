-- A password change ends every session issued before it (sessions are signed tokens, verified without a list
-- of the live ones, so they are ended by their issue time). Null: no change since sessions carried one.
alter table users add column sessions_valid_after timestamptz;

-- Accounts being deleted. The row is written, and committed, before anything is deleted: from then on every
-- credential of the account is refused (core's Authenticator), and whatever interrupts the deletion (a kill,
-- an S3 or database outage) leaves this row for the reconcile pass to finish the job. No foreign key to users:
-- the record must outlive the users row it deletes, so that the objects a request still in flight at the start
-- wrote under the owner's prefix are swept once more (rows_deleted_at, then a sweep after the settle time).
create table account_deletions (
    user_id         uuid primary key,
    requested_at    timestamptz not null default now(),
    -- When the users row (and with it, by cascade, every row of the account) was deleted: the username is free.
    rows_deleted_at timestamptz
);

-- A friend request goes to the account that had the name when it was sent, not to the name: whoever signs up
-- later under a name that was free must not find requests meant for someone else. A request to a name nobody
-- had keeps addressee_id null: it stays in its sender's list exactly like any other (so that list still tells
-- nothing about which names exist) and is delivered to nobody.
alter table friend_requests add column addressee_id uuid references users (id) on delete cascade;

-- Requests made before this migration knew no account: they go to whoever has the name now, as they did.
update friend_requests r set addressee_id = u.id from users u where lower(u.username) = lower(r.addressee_name);

drop index friend_requests_addressee_idx;
create index friend_requests_addressee_idx on friend_requests (addressee_id) where addressee_id is not null;

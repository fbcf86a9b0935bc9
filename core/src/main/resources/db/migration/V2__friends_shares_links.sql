-- Friend requests are kept by the name that was asked for, whether or not such a user exists: sending
-- one, and the sender's list of sent requests, then look the same for every name, so neither tells
-- which usernames exist. A user who signs up later under that name finds the request waiting.
create table friend_requests (
    id             uuid primary key default gen_random_uuid(),
    requester_id   uuid not null references users (id) on delete cascade,
    addressee_name text not null,
    created_at     timestamptz not null default now()
);
create unique index friend_requests_pair_key on friend_requests (requester_id, lower(addressee_name));
create index friend_requests_addressee_idx on friend_requests (lower(addressee_name));

-- A friendship is stored once in each direction, so "my friends" and "are we friends" are one key lookup.
create table friendships (
    user_id   uuid not null references users (id) on delete cascade,
    friend_id uuid not null references users (id) on delete cascade,
    since     timestamptz not null default now(),
    primary key (user_id, friend_id),
    check (user_id <> friend_id)
);

-- An image shared with a friend. Deleting the image or either account removes it; so does unfriending
-- (in the same transaction as the friendship). Hidden: the recipient put it out of their view.
create table image_shares (
    image_id     uuid not null references images (id) on delete cascade,
    recipient_id uuid not null references users (id) on delete cascade,
    shared_at    timestamptz not null default now(),
    hidden       boolean not null default false,
    primary key (image_id, recipient_id)
);
-- "Shared with me", newest first, keyset-paginated like the gallery.
create index image_shares_recipient_idx on image_shares (recipient_id, shared_at desc, image_id desc);

-- Public links. Only a SHA-256 of the token is kept, like API tokens: a copy of the database opens no link.
-- Revoking deletes the row, so a revoked link and one that never existed are the same: absent.
create table share_links (
    id               uuid primary key default gen_random_uuid(),
    image_id         uuid not null references images (id) on delete cascade,
    token_hash       bytea not null unique,
    include_original boolean not null,
    created_at       timestamptz not null default now(),
    expires_at       timestamptz
);
create index share_links_image_idx on share_links (image_id, created_at desc);

-- Accounts. Usernames are unique without regard to case, so "Ann" and "ann" can't both exist.
create table users (
    id            uuid primary key default gen_random_uuid(),
    username      text not null,
    password_hash text not null,
    created_at    timestamptz not null default now()
);
create unique index users_username_key on users (lower(username));

-- Personal API tokens (the browser extension's). Only a SHA-256 of the token is kept.
create table api_tokens (
    id           uuid primary key default gen_random_uuid(),
    user_id      uuid not null references users (id) on delete cascade,
    name         text not null,
    token_hash   bytea not null unique,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz
);
create index api_tokens_user_idx on api_tokens (user_id, created_at);

-- Session tokens are signed and verified without a lookup; logging out records the session here
-- until it would have expired anyway.
create table revoked_sessions (
    session_id uuid primary key,
    expires_at timestamptz not null
);

create table images (
    id              uuid primary key default gen_random_uuid(),
    owner_id        uuid not null references users (id) on delete cascade,
    sha256          bytea not null,
    status          text not null default 'pending' check (status in ('pending', 'ready', 'failed')),
    failure_reason  text,
    format          text not null check (format in ('jpeg', 'png', 'gif', 'webp')),
    width           integer not null,
    height          integer not null,
    bytes           bigint not null,
    source_url      text,
    page_url        text,
    page_title      text,
    alt             text,
    thumb_width     integer,
    thumb_height    integer,
    thumb_format    text,
    preview_width   integer,
    preview_height  integer,
    preview_format  text,
    saved_at        timestamptz not null default now(),
    -- When the broker confirmed the image-saved event; null means the reconcile pass must publish it.
    event_sent_at   timestamptz,
    unique (owner_id, sha256)
);
-- The gallery's keyset pagination: newest first, id breaks ties.
create index images_owner_saved_idx on images (owner_id, saved_at desc, id desc);
-- The reconcile pass looks only at pending images.
create index images_pending_idx on images (saved_at) where status = 'pending';

-- Failed log-ins, per account (lower-cased username, known or not) and per client address. Kept in the
-- database rather than in memory because a scale-to-zero function has many short-lived instances, and a
-- limit each of them counted alone would not limit anything.
create table login_failures (
    id        bigserial primary key,
    scope     text not null check (scope in ('account', 'address')),
    key       text not null,
    failed_at timestamptz not null default now()
);
create index login_failures_key_idx on login_failures (scope, key, failed_at);

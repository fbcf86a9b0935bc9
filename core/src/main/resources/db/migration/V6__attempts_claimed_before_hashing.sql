-- Log-in and sign-up attempts, each recorded BEFORE its password is hashed (the gallery function's
-- AttemptLedger). login_failures recorded a failure only after the hash, and 100 concurrent wrong log-ins got
-- 16 guesses through a limit of 5. Its rows throttled for 15 minutes at most: nothing is lost by starting again.
drop table login_failures;

-- account: the lower-cased username, known or not ('' for a sign-up); address: the client address (an IPv6
-- client's /64). A successful log-in deletes its row and the pair's earlier ones: every other log-in row is a
-- failure, or a guess still being hashed.
create table attempts (
    id           bigserial primary key,
    action       text not null check (action in ('login', 'signup')),
    account      text not null,
    address      text not null,
    attempted_at timestamptz not null default now()
);
create index attempts_account_idx on attempts (action, account, attempted_at);
create index attempts_address_idx on attempts (action, address, attempted_at);
create index attempts_attempted_at_idx on attempts (action, attempted_at);

-- Claims one attempt: 0 when it was recorded, else the seconds until the oldest attempt counted against a
-- reached limit leaves the window (and nothing is recorded, so a refusal ends on time). A null limit is no limit.
-- Atomic per key: the advisory locks (account before address, so two claims never wait on each other in a
-- circle) are held until the calling statement's transaction ends, and each statement of a volatile function
-- takes a fresh snapshot, so a claim waiting on the lock counts every claim committed before it. One round
-- trip, so a burst of claims holds each pooled connection for no longer than the queue ahead of it.
create function claim_attempt(claim_action text, claim_account text, claim_address text, claim_window interval,
                              per_account_and_address int, per_account int, per_address int)
    returns bigint language plpgsql volatile as $$
declare
    wait bigint;
begin
    if per_account_and_address is not null or per_account is not null then
        perform pg_advisory_xact_lock(hashtextextended(claim_action || ' account ' || claim_account, 0));
    end if;
    perform pg_advisory_xact_lock(hashtextextended(claim_action || ' address ' || claim_address, 0));

    select max(ceil(extract(epoch from oldest + claim_window - now())))::bigint into wait from (
        select min(attempted_at) as oldest from attempts
        where action = claim_action and account = claim_account and address = claim_address
          and attempted_at > now() - claim_window
        having count(*) >= per_account_and_address
        union all
        select min(attempted_at) from attempts
        where action = claim_action and account = claim_account and attempted_at > now() - claim_window
        having count(*) >= per_account
        union all
        select min(attempted_at) from attempts
        where action = claim_action and address = claim_address and attempted_at > now() - claim_window
        having count(*) >= per_address) as reached;
    if wait is not null then
        return greatest(wait, 1);
    end if;

    insert into attempts (action, account, address) values (claim_action, claim_account, claim_address);
    -- Attempts that left the window count for nothing: a bounded batch, skipping rows another claim is clearing.
    delete from attempts where id in (
        select id from attempts where action = claim_action and attempted_at <= now() - claim_window
        limit 100 for update skip locked);
    return 0;
end $$;

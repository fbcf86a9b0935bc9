package dev.scrapbook.gallery.account;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.scrapbook.auth.AuthSettings;
import dev.scrapbook.auth.Caller;
import dev.scrapbook.auth.SessionTokens;
import dev.scrapbook.auth.SessionTokens.Session;
import dev.scrapbook.gallery.account.AttemptLedger.Attempt;
import dev.scrapbook.web.ApiProblem;

/** Sign-up, log-in and log-out. Passwords are kept as Argon2id hashes. */
@Component
class Accounts {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");

    private final JdbcClient db;
    private final SessionTokens sessions;
    private final AuthSettings settings;
    private final Clock clock;
    private final LoginThrottle logIns;
    private final SignUpThrottle signUps;

    Accounts(JdbcClient db, SessionTokens sessions, AuthSettings settings, Clock clock, LoginThrottle logIns,
            SignUpThrottle signUps) {
        this.db = db;
        this.sessions = sessions;
        this.settings = settings;
        this.clock = clock;
        this.logIns = logIns;
        this.signUps = signUps;
    }

    record Account(UUID id, String username) {
    }

    private record Credentials(UUID id, String passwordHash) {
    }

    record LoggedIn(String token, Instant expiresAt) {
    }

    /** Refused with 429 once the client address has signed up too often (see SignUpThrottle). */
    Account signUp(String username, String password, String clientAddress) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ApiProblem.badRequest("username: 3 to 32 letters, digits, '.', '_' or '-'");
        }
        Passwords.requireAcceptable(password, "password");
        signUps.claim(clientAddress);
        try {
            UUID id = db.sql("insert into users (username, password_hash) values (?, ?) returning id")
                    .params(username, Passwords.hash(password)).query(UUID.class).single();
            return new Account(id, username);
        } catch (DuplicateKeyException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, "username-taken", "the username " + username + " is taken");
        }
    }

    /**
     * Refused with 429 while the account or the client address has failed too often (see LoginThrottle). The
     * attempt is counted before the password is hashed and stays counted as a failure unless it succeeds.
     */
    LoggedIn logIn(String username, String password, String clientAddress) {
        Attempt attempt = logIns.claim(username, clientAddress);
        // Dated before the password is read, not after the hash: a password change that starts while this log-in is
        // checking the old password ends the session it makes.
        Instant issuedAt = clock.instant();
        Optional<UUID> userId = verify(username, password);
        if (userId.isEmpty()) {
            throw ApiProblem.unauthorized("wrong username or password");
        }
        logIns.succeeded(attempt);
        return newSession(userId.get(), issuedAt);
    }

    /** A fresh session token for the account, issued at {@code issuedAt}. */
    LoggedIn newSession(UUID userId, Instant issuedAt) {
        Instant expiresAt = issuedAt.plus(settings.sessionTtl());
        return new LoggedIn(sessions.issue(new Session(userId, UUID.randomUUID(), expiresAt, issuedAt)), expiresAt);
    }

    private Optional<UUID> verify(String username, String password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            // No such account can exist (and PostgreSQL text can't even hold a NUL); a miss costs a hash anyway.
            Passwords.matches(password, Optional.empty());
            return Optional.empty();
        }
        // An account being deleted logs in no more: its sessions would be refused anyway.
        Optional<Credentials> found = db.sql("""
                        select id, password_hash from users u
                        where lower(username) = lower(?) and not exists (select 1 from account_deletions d where d.user_id = u.id)
                        """)
                .param(username)
                .query((rs, n) -> new Credentials(rs.getObject("id", UUID.class), rs.getString("password_hash")))
                .optional();
        // Hash even for an unknown name, so the answer's timing doesn't tell which usernames exist.
        boolean matches = Passwords.matches(password, found.map(Credentials::passwordHash));
        return found.filter(c -> matches).map(Credentials::id);
    }

    /** The session stops working now; its row can go once the token would have expired anyway. */
    void logOut(Caller caller) {
        if (caller.sessionId() == null) {
            throw ApiProblem.badRequest("log out ends a session; an API token is revoked under /api/account/tokens");
        }
        db.sql("delete from revoked_sessions where expires_at < now()").update();
        db.sql("insert into revoked_sessions (session_id, expires_at) values (?, ?) on conflict do nothing")
                .params(caller.sessionId(), clock.instant().plus(settings.sessionTtl()).atOffset(ZoneOffset.UTC))
                .update();
    }

    Account find(UUID id) {
        return db.sql("select id, username from users where id = ?").param(id)
                .query((rs, n) -> new Account(rs.getObject("id", UUID.class), rs.getString("username")))
                .optional().orElseThrow(() -> ApiProblem.unauthorized("the account no longer exists"));
    }
}

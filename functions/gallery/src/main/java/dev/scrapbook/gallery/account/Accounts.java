package dev.scrapbook.gallery.account;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
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
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;

    private final JdbcClient db;
    private final SessionTokens sessions;
    private final AuthSettings settings;
    private final Clock clock;
    private final LoginThrottle logIns;
    private final SignUpThrottle signUps;
    private final PasswordEncoder passwords = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /**
     * Compared against when the username is unknown, so that a miss costs as long as a wrong password. A
     * constant (the hash of a random, forgotten password, same Argon2 parameters) rather than one computed at
     * start-up: hashing costs tens of milliseconds, and every instance cold-starts.
     */
    private static final String DECOY_HASH =
            "$argon2id$v=19$m=16384,t=2,p=1$nACk8gj1bWBxwJFNMKT0fw$Df/0rVT5VpgMavxcbyI/SC7lR0DQ8/u2BMEEFanQswI";

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
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ApiProblem.badRequest("password: %d to %d characters".formatted(MIN_PASSWORD, MAX_PASSWORD));
        }
        signUps.claim(clientAddress);
        try {
            UUID id = db.sql("insert into users (username, password_hash) values (?, ?) returning id")
                    .params(username, passwords.encode(password)).query(UUID.class).single();
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
        Optional<UUID> userId = verify(username, password);
        if (userId.isEmpty()) {
            throw ApiProblem.unauthorized("wrong username or password");
        }
        logIns.succeeded(attempt);
        Instant expiresAt = clock.instant().plus(settings.sessionTtl());
        return new LoggedIn(sessions.issue(new Session(userId.get(), UUID.randomUUID(), expiresAt)), expiresAt);
    }

    private Optional<UUID> verify(String username, String password) {
        if (username == null || password == null || password.length() > MAX_PASSWORD) {
            return Optional.empty();
        }
        if (!USERNAME.matcher(username).matches()) {
            // No such account can exist (and PostgreSQL text can't even hold a NUL); a miss costs a hash anyway.
            passwords.matches(password, DECOY_HASH);
            return Optional.empty();
        }
        Optional<Credentials> found = db.sql("select id, password_hash from users where lower(username) = lower(?)")
                .param(username)
                .query((rs, n) -> new Credentials(rs.getObject("id", UUID.class), rs.getString("password_hash")))
                .optional();
        // Hash even for an unknown name, so the answer's timing doesn't tell which usernames exist.
        boolean matches = passwords.matches(password, found.map(Credentials::passwordHash).orElse(DECOY_HASH));
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

package dev.scrapbook.gallery.account;

import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.gallery.account.AttemptLedger.Attempt;
import dev.scrapbook.web.ApiProblem;

/**
 * The password a signed-in person types again before changing it or deleting the account. Guessed through here, it
 * is guessed as at log-in: the same throttle (LoginThrottle, the same counts under the account's username), each
 * attempt counted before the password is hashed, so a stolen session is no way around the log-in limits.
 */
@Component
class PasswordCheck {

    private final JdbcClient db;
    private final LoginThrottle logIns;

    PasswordCheck(JdbcClient db, LoginThrottle logIns) {
        this.db = db;
        this.logIns = logIns;
    }

    private record Credentials(String username, String passwordHash) {
    }

    /**
     * Only a session, a person who typed the password to sign in, changes the password or deletes the account: an API
     * token (the extension's) is for saving, and one that leaked must not lock its owner out.
     */
    static void requireSession(Caller caller, String what) {
        if (caller.sessionId() == null) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", what + " needs a signed-in session, not an API token");
        }
    }

    /** Returns when the password is the account's; 403 {@code wrong-password} when not, 429 over the log-in limits. */
    void confirm(UUID userId, String password, String clientAddress) {
        Optional<Credentials> account = db.sql("select username, password_hash from users where id = ?").param(userId)
                .query((rs, n) -> new Credentials(rs.getString("username"), rs.getString("password_hash"))).optional();
        if (account.isEmpty()) {
            throw ApiProblem.unauthorized("the account no longer exists");
        }
        Attempt attempt = logIns.claim(account.get().username(), clientAddress);
        if (!Passwords.matches(password, account.map(Credentials::passwordHash))) {
            // 403, not 401: the session is fine, and a page must not take a typo for the end of it.
            throw new ApiProblem(HttpStatus.FORBIDDEN, "wrong-password", "the password is wrong");
        }
        logIns.succeeded(attempt);
    }
}

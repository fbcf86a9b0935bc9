package dev.scrapbook.gallery.account;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.gallery.account.Accounts.LoggedIn;
import dev.scrapbook.web.ApiProblem;

/**
 * Changing the password ends every session issued before the change, the caller's own included, and hands the caller
 * a fresh one. Sessions are signed tokens that any function verifies alone, so they are ended by time rather than
 * one by one: {@code users.sessions_valid_after} (V10) against the issue time every token carries, checked by core's
 * Authenticator in the query it already made. Chosen over exempting the caller's session: no list of exemptions to
 * keep, and the token the caller held before (perhaps the reason for the change) stops working too. API tokens stay
 * unless {@code revokeTokens}: the extension keeps saving after a routine change.
 */
@Component
class PasswordChange {

    private final JdbcClient db;
    private final PasswordCheck check;
    private final Accounts accounts;
    private final Clock clock;

    PasswordChange(JdbcClient db, PasswordCheck check, Accounts accounts, Clock clock) {
        this.db = db;
        this.check = check;
        this.accounts = accounts;
        this.clock = clock;
    }

    record Changed(String token, Instant expiresAt, int tokensRevoked) {
    }

    Changed change(Caller caller, String current, String next, boolean revokeTokens, String clientAddress) {
        PasswordCheck.requireSession(caller, "changing the password");
        if (current == null) {
            throw ApiProblem.badRequest("current: the password you have now is required");
        }
        Passwords.requireAcceptable(next, "new");
        check.confirm(caller.userId(), current, clientAddress);
        // Hashed before the instant is taken: a log-in with the old password dating its session during the (slow)
        // hash would otherwise be dated after the cut and outlive the change.
        String hash = Passwords.hash(next);
        // Milliseconds, as tokens carry their issue time: the fresh session is issued at exactly this instant.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        // One statement, so the new password, the end of the old sessions and of the API tokens commit together.
        int revoked = db.sql("""
                with revoked as (delete from api_tokens where user_id = :user and :revokeTokens returning 1),
                     changed as (update users set password_hash = :hash, sessions_valid_after = :now where id = :user)
                select count(*) from revoked
                """)
                .param("user", caller.userId())
                .param("revokeTokens", revokeTokens)
                .param("hash", hash)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .query(Integer.class).single();
        LoggedIn session = accounts.newSession(caller.userId(), now);
        return new Changed(session.token(), session.expiresAt(), revoked);
    }
}

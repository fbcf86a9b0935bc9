package dev.scrapbook.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.scrapbook.auth.SessionTokens.Session;
import dev.scrapbook.web.ApiProblem;

/**
 * Resolves {@code Authorization: Bearer <token>} to a {@link Caller}: a signed session token (checked
 * against the logout list and its account's last password change) or a personal API token (looked up by its
 * hash). Anything else is a 401, and so is every credential of an account being deleted ({@code account_deletions},
 * V10), from the moment its deletion is recorded.
 */
@Component
public class Authenticator {

    /** Writing last_used_at on every request would turn each read into a write; a minute is precise enough. */
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    private final SessionTokens sessions;
    private final JdbcClient db;
    private final Clock clock;

    public Authenticator(SessionTokens sessions, JdbcClient db, Clock clock) {
        this.sessions = sessions;
        this.db = db;
        this.clock = clock;
    }

    public Caller authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiProblem.unauthorized("sign in: send Authorization: Bearer <session or API token>");
        }
        String token = authorization.substring(7).strip();
        Optional<Caller> caller = ApiTokens.looksLikeOne(token) ? byApiToken(token) : bySession(token);
        return caller.orElseThrow(() -> ApiProblem.unauthorized("the token is invalid, expired or revoked"));
    }

    private Optional<Caller> bySession(String token) {
        return sessions.verify(token)
                .filter(this::isCurrent)
                .map(session -> new Caller(session.userId(), session.sessionId()));
    }

    /**
     * Not logged out, and its account exists, is not being deleted and had no password change since the session
     * was issued ({@code users.sessions_valid_after}): one query, each part a primary-key lookup.
     */
    private boolean isCurrent(Session session) {
        return db.sql("""
                select exists (select 1 from users u
                               where u.id = :user
                                 and (u.sessions_valid_after is null or u.sessions_valid_after <= :issued)
                                 and not exists (select 1 from account_deletions d where d.user_id = u.id))
                   and not exists (select 1 from revoked_sessions where session_id = :session)
                """)
                .param("user", session.userId())
                .param("issued", session.issuedAt().atOffset(ZoneOffset.UTC))
                .param("session", session.sessionId())
                .query(Boolean.class).single();
    }

    private Optional<Caller> byApiToken(String token) {
        byte[] hash = ApiTokens.hash(token);
        Optional<TokenUse> use = db.sql("""
                select t.user_id, t.last_used_at from api_tokens t
                where t.token_hash = ? and not exists (select 1 from account_deletions d where d.user_id = t.user_id)
                """)
                .param(hash)
                .query((rs, n) -> new TokenUse(rs.getObject(1, UUID.class), rs.getTimestamp(2)))
                .optional();
        Instant now = clock.instant();
        use.filter(u -> u.lastUsed() == null || u.lastUsed().toInstant().isBefore(now.minus(LAST_USED_GRANULARITY)))
                .ifPresent(u -> db.sql("update api_tokens set last_used_at = ? where token_hash = ?")
                        .params(now.atOffset(ZoneOffset.UTC), hash).update());
        return use.map(u -> new Caller(u.userId(), null));
    }

    private record TokenUse(UUID userId, Timestamp lastUsed) {
    }
}

package dev.scrapbook.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.scrapbook.web.ApiProblem;

/**
 * Resolves {@code Authorization: Bearer <token>} to a {@link Caller}: a signed session token (checked
 * against the logout list) or a personal API token (looked up by its hash). Anything else is a 401.
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
                .filter(session -> !isRevoked(session.sessionId()))
                .map(session -> new Caller(session.userId(), session.sessionId()));
    }

    private boolean isRevoked(UUID sessionId) {
        return db.sql("select exists (select 1 from revoked_sessions where session_id = ?)")
                .param(sessionId).query(Boolean.class).single();
    }

    private Optional<Caller> byApiToken(String token) {
        Instant now = clock.instant();
        // One statement both finds the token and keeps its last-used time (at most once a minute).
        return db.sql("""
                        update api_tokens set last_used_at = case
                            when last_used_at is null or last_used_at < :stale then :now else last_used_at end
                        where token_hash = :hash
                        returning user_id""")
                .param("stale", utc(now.minus(LAST_USED_GRANULARITY)))
                .param("now", utc(now))
                .param("hash", ApiTokens.hash(token))
                .query((rs, n) -> new Caller(rs.getObject(1, UUID.class), null))
                .optional();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

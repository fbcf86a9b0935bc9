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
        byte[] hash = ApiTokens.hash(token);
        Optional<TokenUse> use = db.sql("select user_id, last_used_at from api_tokens where token_hash = ?")
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

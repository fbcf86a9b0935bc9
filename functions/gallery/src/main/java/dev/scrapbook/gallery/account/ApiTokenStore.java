package dev.scrapbook.gallery.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.scrapbook.auth.ApiTokens;
import dev.scrapbook.web.ApiProblem;

/** A user's personal API tokens: created (shown once), listed without their secret, revoked by deletion. */
@Component
class ApiTokenStore {

    static final int MAX_NAME = 64;

    private final JdbcClient db;

    ApiTokenStore(JdbcClient db) {
        this.db = db;
    }

    record Created(UUID id, String name, String token, Instant createdAt) {
    }

    record Listed(UUID id, String name, Instant createdAt, Instant lastUsedAt) {
    }

    Created create(UUID userId, String name) {
        // PostgreSQL text can't hold U+0000: refused here, it is a 400 rather than a failed insert.
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME || name.indexOf('\u0000') >= 0) {
            throw ApiProblem.badRequest("name: 1 to " + MAX_NAME + " characters, no NUL");
        }
        String token = ApiTokens.generate();
        return db.sql("insert into api_tokens (user_id, name, token_hash) values (?, ?, ?) returning id, name, created_at")
                .params(userId, name.strip(), ApiTokens.hash(token))
                .query((rs, n) -> new Created(rs.getObject("id", UUID.class), rs.getString("name"), token,
                        rs.getTimestamp("created_at").toInstant()))
                .single();
    }

    List<Listed> list(UUID userId) {
        return db.sql("select id, name, created_at, last_used_at from api_tokens where user_id = ? order by created_at desc")
                .param(userId)
                .query((rs, n) -> new Listed(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("last_used_at"))))
                .list();
    }

    boolean revoke(UUID userId, UUID tokenId) {
        return db.sql("delete from api_tokens where user_id = ? and id = ?").params(userId, tokenId).update() == 1;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

package dev.scrapbook.share.links;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.scrapbook.auth.ApiTokens;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.web.ApiProblem;

/**
 * Public links to one image. A token is 256 random bits, base64url (43 characters); only its SHA-256
 * is stored, so the token is shown once, at creation. Revoking deletes the row: revoked and unknown are
 * then the same absence.
 */
@Service
public class ShareLinks {

    static final Duration LONGEST_EXPIRY = Duration.ofDays(366);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient db;
    private final ImageRepository images;
    private final Clock clock;

    ShareLinks(JdbcClient db, ImageRepository images, Clock clock) {
        this.db = db;
        this.images = images;
        this.clock = clock;
    }

    public record Link(UUID id, UUID imageId, Instant createdAt, Instant expiresAt, boolean includeOriginal) {
    }

    /** A new link with its token: the only time the token exists outside the client. */
    public record Created(Link link, String token) {
    }

    public Created create(UUID owner, UUID imageId, Instant expiresAt, boolean includeOriginal) {
        images.find(owner, imageId).orElseThrow(() -> ApiProblem.notFound("image"));
        Instant now = clock.instant();
        if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(LONGEST_EXPIRY)))) {
            throw ApiProblem.badRequest("expiresAt must be in the future and within " + LONGEST_EXPIRY.toDays() + " days");
        }
        String token = newToken();
        Link link = db.sql("""
                        insert into share_links (image_id, token_hash, include_original, expires_at)
                        values (?, ?, ?, ?) returning id, image_id, created_at, expires_at, include_original""")
                .params(imageId, ApiTokens.hash(token), includeOriginal,
                        expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC))
                .query(LINK).single();
        return new Created(link, token);
    }

    /** The owner's links, newest first; of one image when {@code imageId} is given. */
    public List<Link> list(UUID owner, UUID imageId) {
        if (imageId != null) {
            images.find(owner, imageId).orElseThrow(() -> ApiProblem.notFound("image"));
        }
        return db.sql("""
                        select l.id, l.image_id, l.created_at, l.expires_at, l.include_original
                        from share_links l join images i on i.id = l.image_id
                        where i.owner_id = :owner and (cast(:image as uuid) is null or l.image_id = :image)
                        order by l.created_at desc""")
                .param("owner", owner).param("image", imageId).query(LINK).list();
    }

    public void revoke(UUID owner, UUID linkId) {
        int removed = db.sql("delete from share_links l using images i where l.id = ? and i.id = l.image_id and i.owner_id = ?")
                .params(linkId, owner).update();
        if (removed == 0) {
            throw ApiProblem.notFound("link");
        }
    }

    private static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static final RowMapper<Link> LINK = (rs, n) -> new Link(
            rs.getObject("id", UUID.class),
            rs.getObject("image_id", UUID.class),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant(),
            rs.getBoolean("include_original"));
}

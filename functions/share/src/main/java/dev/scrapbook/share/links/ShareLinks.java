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
import dev.scrapbook.boards.BoardRepository;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.web.ApiProblem;

/**
 * Public links to one image or to one board. A token is 256 random bits, base64url (43 characters); only
 * its SHA-256 is stored, so the token is shown once, at creation. Revoking deletes the row: revoked and
 * unknown are then the same absence.
 */
@Service
public class ShareLinks {

    static final Duration LONGEST_EXPIRY = Duration.ofDays(366);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient db;
    private final ImageRepository images;
    private final BoardRepository boards;
    private final Clock clock;

    ShareLinks(JdbcClient db, ImageRepository images, BoardRepository boards, Clock clock) {
        this.db = db;
        this.images = images;
        this.boards = boards;
        this.clock = clock;
    }

    /** A link opens an image or a board: exactly one of {@code imageId} and {@code boardId} is set. */
    public record Link(UUID id, UUID imageId, UUID boardId, Instant createdAt, Instant expiresAt, boolean includeOriginal) {
    }

    /** A new link with its token: the only time the token exists outside the client. */
    public record Created(Link link, String token) {
    }

    public Created create(UUID owner, UUID imageId, Instant expiresAt, boolean includeOriginal) {
        images.find(owner, imageId).orElseThrow(() -> ApiProblem.notFound("image"));
        return insert(imageId, null, expiresAt, includeOriginal);
    }

    /** A link to a board shows its images to anyone who has it; only the board's owner makes one. */
    public Created createForBoard(UUID owner, UUID boardId, Instant expiresAt) {
        boards.find(boardId, owner).orElseThrow(() -> ApiProblem.notFound("board")).requireOwner("make a public link to it");
        return insert(null, boardId, expiresAt, false);
    }

    private Created insert(UUID imageId, UUID boardId, Instant expiresAt, boolean includeOriginal) {
        Instant now = clock.instant();
        if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(LONGEST_EXPIRY)))) {
            throw ApiProblem.badRequest("expiresAt must be in the future and within " + LONGEST_EXPIRY.toDays() + " days");
        }
        String token = newToken();
        Link link = db.sql("""
                        insert into share_links as l (image_id, board_id, token_hash, include_original, expires_at)
                        values (?, ?, ?, ?, ?) returning\s""" + COLUMNS)
                .params(imageId, boardId, ApiTokens.hash(token), includeOriginal,
                        expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC))
                .query(LINK).single();
        return new Created(link, token);
    }

    /** The owner's links to images and boards, newest first; of one image or one board when it is given. */
    public List<Link> list(UUID owner, UUID imageId, UUID boardId) {
        if (imageId != null) {
            images.find(owner, imageId).orElseThrow(() -> ApiProblem.notFound("image"));
        }
        if (boardId != null) {
            boards.find(boardId, owner).orElseThrow(() -> ApiProblem.notFound("board")).requireOwner("see its links");
        }
        return db.sql("select " + COLUMNS + """
                         from share_links l where l.id in (
                            select l.id from share_links l join images i on i.id = l.image_id where i.owner_id = :owner
                            union all
                            select l.id from share_links l join boards b on b.id = l.board_id where b.owner_id = :owner)
                          and (cast(:image as uuid) is null or l.image_id = :image)
                          and (cast(:board as uuid) is null or l.board_id = :board)
                        order by l.created_at desc""")
                .param("owner", owner).param("image", imageId).param("board", boardId).query(LINK).list();
    }

    public void revoke(UUID owner, UUID linkId) {
        int removed = db.sql("""
                        delete from share_links l where l.id = :id
                          and (exists (select 1 from images i where i.id = l.image_id and i.owner_id = :owner)
                            or exists (select 1 from boards b where b.id = l.board_id and b.owner_id = :owner))""")
                .param("id", linkId).param("owner", owner).update();
        if (removed == 0) {
            throw ApiProblem.notFound("link");
        }
    }

    private static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static final String COLUMNS = "l.id, l.image_id, l.board_id, l.created_at, l.expires_at, l.include_original";

    static final RowMapper<Link> LINK = (rs, n) -> new Link(
            rs.getObject("id", UUID.class),
            rs.getObject("image_id", UUID.class),
            rs.getObject("board_id", UUID.class),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant(),
            rs.getBoolean("include_original"));
}

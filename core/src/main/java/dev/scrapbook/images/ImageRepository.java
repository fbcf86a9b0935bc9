package dev.scrapbook.images;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.Image.Rendition;
import dev.scrapbook.images.Image.Status;

/** The images table. Every read by a user is scoped to its owner, so another user's image is simply absent. */
@Repository
public class ImageRepository {

    private static final String COLUMNS = """
            id, owner_id, status, failure_reason, format, width, height, bytes, source_url, page_url, page_title, alt,
            title, note, thumb_width, thumb_height, thumb_format, preview_width, preview_height, preview_format, saved_at,
            similar_to\s""";

    private final JdbcClient db;

    public ImageRepository(JdbcClient db) {
        this.db = db;
    }

    /** Inserts a pending image; empty when the owner already has these bytes (the unique key decides, race-free). */
    public Optional<Image> insert(UUID id, NewImage image) {
        return db.sql("""
                        insert into images (id, owner_id, sha256, format, width, height, bytes,
                                            source_url, page_url, page_title, alt, title, note, saved_at)
                        values (:id, :owner, :sha, :format, :width, :height, :bytes, :source, :page, :pageTitle, :alt,
                                :title, :note, coalesce(cast(:savedAt as timestamptz), now()))
                        on conflict (owner_id, sha256) do nothing
                        returning\s""" + COLUMNS)
                .param("id", id).param("owner", image.ownerId()).param("sha", image.sha256())
                .param("format", image.format()).param("width", image.width()).param("height", image.height())
                .param("bytes", image.bytes()).param("source", image.sourceUrl()).param("page", image.pageUrl())
                .param("pageTitle", image.pageTitle()).param("alt", image.alt())
                .param("title", image.title()).param("note", image.note())
                .param("savedAt", image.savedAt() == null ? null : image.savedAt().atOffset(ZoneOffset.UTC))
                .query(MAPPER).optional();
    }

    public Optional<Image> findByOwnerAndSha256(UUID ownerId, byte[] sha256) {
        return db.sql("select " + COLUMNS + " from images where owner_id = ? and sha256 = ?")
                .params(ownerId, sha256).query(MAPPER).optional();
    }

    public Optional<Image> find(UUID ownerId, UUID id) {
        return db.sql("select " + COLUMNS + " from images where owner_id = ? and id = ?")
                .params(ownerId, id).query(MAPPER).optional();
    }

    /** The owner's image with the same bytes as {@code otherImageId}, whoever owns that one. */
    public Optional<Image> findSameBytes(UUID ownerId, UUID otherImageId) {
        return db.sql("select " + COLUMNS + " from images where owner_id = ? and sha256 = (select sha256 from images where id = ?)")
                .params(ownerId, otherImageId).query(MAPPER).optional();
    }

    /** The images with these ids, in no particular order; for lists whose order comes from elsewhere. */
    public List<Image> findAll(Collection<UUID> ids) {
        return ids.isEmpty() ? List.of()
                : db.sql("select " + COLUMNS + " from images where id = any(?)").param(ids.toArray(UUID[]::new))
                        .query(MAPPER).list();
    }

    /**
     * Gives {@code ownerId} its own row for {@code source}'s bytes under {@code id}, with the source's
     * provenance, title, picture hash, status and renditions as read (the caller copied exactly those objects),
     * but not its owner's note. A pending copy has no confirmed event, so the reconcile pass announces it. Empty
     * when the owner has these bytes already.
     */
    public Optional<Image> insertCopy(UUID id, UUID ownerId, Image source) {
        boolean pending = source.status() == Status.pending;
        Rendition thumb = pending ? null : source.thumbnail();
        Rendition preview = pending ? null : source.preview();
        return db.sql("""
                        insert into images (id, owner_id, sha256, status, failure_reason, format, width, height, bytes,
                                            source_url, page_url, page_title, alt, title, phash,
                                            thumb_width, thumb_height, thumb_format,
                                            preview_width, preview_height, preview_format, event_sent_at)
                        select :id, :owner, sha256, cast(:status as text), cast(:reason as text), format, width, height,
                               bytes, source_url, page_url, page_title, alt, title, phash,
                               cast(:tw as integer), cast(:th as integer), cast(:tf as text),
                               cast(:pw as integer), cast(:ph as integer), cast(:pf as text),
                               case when cast(:pending as boolean) then null else now() end
                        from images where id = :source
                        on conflict (owner_id, sha256) do nothing
                        returning\s""" + COLUMNS)
                .param("id", id).param("owner", ownerId).param("source", source.id())
                .param("status", source.status().name()).param("reason", source.failureReason())
                .param("tw", thumb == null ? null : thumb.width()).param("th", thumb == null ? null : thumb.height())
                .param("tf", thumb == null ? null : thumb.format())
                .param("pw", preview == null ? null : preview.width()).param("ph", preview == null ? null : preview.height())
                .param("pf", preview == null ? null : preview.format())
                .param("pending", pending)
                .query(MAPPER).optional();
    }

    /** For the thumbnail function, which acts on the event's image whoever owns it. */
    public Optional<Image> findById(UUID id) {
        return db.sql("select " + COLUMNS + " from images where id = ?").param(id).query(MAPPER).optional();
    }

    /** Newest first; {@code after} is the last image of the previous page (keyset pagination, stable under inserts). */
    public List<Image> page(UUID ownerId, PageCursor after, int limit) {
        if (after == null) {
            return db.sql("select " + COLUMNS + " from images where owner_id = ? order by saved_at desc, id desc limit ?")
                    .params(ownerId, limit).query(MAPPER).list();
        }
        return db.sql("select " + COLUMNS + """
                         from images where owner_id = ? and (saved_at, id) < (?, ?)
                         order by saved_at desc, id desc limit ?""")
                .params(ownerId, after.at().atOffset(ZoneOffset.UTC), after.id(), limit).query(MAPPER).list();
    }

    /**
     * The owner's images that match {@code filter}, newest first, keyset-paginated like {@link #page}. The words
     * and sites are answered by the GIN index images_search_idx, or, when they match much of the gallery, by
     * walking images_owner_saved_idx in order and checking each row; the planner picks (bench/search shows both).
     */
    @Transactional(readOnly = true)
    public List<Image> search(UUID ownerId, ImageFilter filter, PageCursor after, int limit) {
        SearchTerms.planForTheseTerms(db);
        StringBuilder where = new StringBuilder("owner_id = :owner");
        Map<String, Object> params = new HashMap<>(Map.of("owner", ownerId, "limit", limit));
        if (!filter.terms().isEmpty()) {
            where.append(" and ").append(filter.terms().condition("search", SearchTerms.OWNER_WEIGHTS));
            params.putAll(filter.terms().parameters());
        }
        if (filter.board() != null) {
            where.append(" and id in (select image_id from board_images where board_id = :board)");
            params.put("board", filter.board());
        }
        if (filter.format() != null) {
            where.append(" and format = :format");
            params.put("format", filter.format());
        }
        if (filter.savedAfter() != null) {
            where.append(" and saved_at >= :savedAfter");
            params.put("savedAfter", filter.savedAfter().atOffset(ZoneOffset.UTC));
        }
        if (filter.savedBefore() != null) {
            where.append(" and saved_at < :savedBefore");
            params.put("savedBefore", filter.savedBefore().atOffset(ZoneOffset.UTC));
        }
        if (after != null) {
            where.append(" and (saved_at, id) < (:afterAt, :afterId)");
            params.put("afterAt", after.at().atOffset(ZoneOffset.UTC));
            params.put("afterId", after.id());
        }
        return db.sql("select " + COLUMNS + " from images where " + where + " order by saved_at desc, id desc limit :limit")
                .params(params).query(MAPPER).list();
    }

    /** Sets what {@code change} changes of the owner's image; empty when the owner has no such image. */
    public Optional<Image> updateText(UUID ownerId, UUID id, TextChange change) {
        return db.sql("""
                        update images set title = case when :setTitle then cast(:title as text) else title end,
                                          note = case when :setNote then cast(:note as text) else note end
                        where owner_id = :owner and id = :id
                        returning\s""" + COLUMNS)
                .param("setTitle", change.setsTitle()).param("title", change.title())
                .param("setNote", change.setsNote()).param("note", change.note())
                .param("owner", ownerId).param("id", id)
                .query(MAPPER).optional();
    }

    /**
     * Claims a pending image for its thumbnails until {@code lease} from now, by PostgreSQL's clock (one clock for
     * every instance). A single update: of concurrent deliveries for one image, exactly one gets the row (a second
     * update waits for the first and then finds the lease held). Empty when the image is gone, is no longer
     * pending, or is held by a lease that has not run out; a worker that crashed releases it by running out.
     */
    public Optional<Image> claimForThumbnail(UUID id, Duration lease) {
        return db.sql("""
                        update images set thumbnail_lease_until = now() + make_interval(secs => ?)
                        where id = ? and status = 'pending'
                          and (thumbnail_lease_until is null or thumbnail_lease_until <= now())
                        returning\s""" + COLUMNS)
                .params(lease.toMillis() / 1000.0, id).query(MAPPER).optional();
    }

    /** Gives a claimed image back at once (its work failed and will be retried), rather than when the lease ends. */
    public void releaseThumbnailClaim(UUID id) {
        db.sql("update images set thumbnail_lease_until = null where id = ? and status = 'pending'").param(id).update();
    }

    /** Only a pending image becomes ready: a repeated or late event can't undo a later state. */
    public boolean markReady(UUID id, Rendition thumbnail, Rendition preview) {
        return db.sql("""
                        update images set status = 'ready', failure_reason = null, thumbnail_lease_until = null,
                            thumb_width = ?, thumb_height = ?, thumb_format = ?,
                            preview_width = ?, preview_height = ?, preview_format = ?
                        where id = ? and status = 'pending'""")
                .params(thumbnail.width(), thumbnail.height(), thumbnail.format(),
                        preview.width(), preview.height(), preview.format(), id)
                .update() == 1;
    }

    public boolean markFailed(UUID id, String reason) {
        return db.sql("""
                        update images set status = 'failed', failure_reason = ?, thumbnail_lease_until = null
                        where id = ? and status = 'pending'""")
                .params(reason, id).update() == 1;
    }

    public void markEventSent(UUID id) {
        db.sql("update images set event_sent_at = now() where id = ?").param(id).update();
    }

    /**
     * Pending images whose event was never confirmed, or was confirmed long ago without a result
     * (its message was lost or dead-lettered): the reconcile pass publishes these again. An image whose
     * thumbnails are being made under a live lease needs no event; once its lease has run out it does.
     */
    public List<Image> needingEvent(Instant unconfirmedBefore, Instant confirmedBefore, int limit) {
        return db.sql("select " + COLUMNS + """
                         from images where status = 'pending'
                           and ((event_sent_at is null and saved_at < ?) or event_sent_at < ?)
                           and (thumbnail_lease_until is null or thumbnail_lease_until <= now())
                         order by saved_at limit ?""")
                .params(unconfirmedBefore.atOffset(ZoneOffset.UTC), confirmedBefore.atOffset(ZoneOffset.UTC), limit)
                .query(MAPPER).list();
    }

    public boolean delete(UUID ownerId, UUID id) {
        return db.sql("delete from images where owner_id = ? and id = ?").params(ownerId, id).update() == 1;
    }

    private static final RowMapper<Image> MAPPER = ImageRepository::map;

    private static Image map(ResultSet rs, int row) throws SQLException {
        return new Image(
                rs.getObject("id", UUID.class),
                rs.getObject("owner_id", UUID.class),
                Status.valueOf(rs.getString("status")),
                rs.getString("failure_reason"),
                rs.getString("format"),
                rs.getInt("width"),
                rs.getInt("height"),
                rs.getLong("bytes"),
                rs.getString("source_url"),
                rs.getString("page_url"),
                rs.getString("page_title"),
                rs.getString("alt"),
                rs.getString("title"),
                rs.getString("note"),
                rendition(rs, "thumb"),
                rendition(rs, "preview"),
                rs.getObject("saved_at", Timestamp.class).toInstant(),
                rs.getObject("similar_to", UUID.class));
    }

    private static Rendition rendition(ResultSet rs, String prefix) throws SQLException {
        String format = rs.getString(prefix + "_format");
        return format == null ? null
                : new Rendition(rs.getInt(prefix + "_width"), rs.getInt(prefix + "_height"), format);
    }
}

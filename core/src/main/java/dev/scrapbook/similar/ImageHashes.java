package dev.scrapbook.similar;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Picture hashes ({@link PictureHash}) in the images table, and what follows from them: an image's
 * {@code similar_to}, the owner's earlier image of the same picture, and the list of an image's look-alikes.
 *
 * <p>Two images show the same picture when their difference hashes are at most {@link #MAX_DISTANCE} bits apart
 * and their mean colours at most {@link #MAX_COLOR_STEP} apart in every channel (both chosen by bench/similar on
 * its tuning set). The bits are found through four 16-bit bands of the hash, each with an index (migration V9):
 * when two hashes differ in at most {@code 4 r + 3} bits, one band differs in at most {@code r} bits (pigeonhole),
 * so looking up every value within {@code r} bits of each band finds all of them, and the exact distance and
 * colour are checked on those candidates alone.
 */
@Repository
public class ImageHashes {

    public static final int MAX_DISTANCE = 11;
    public static final int MAX_COLOR_STEP = 8;
    /** Bits each band may differ by: 4 r + 3 >= MAX_DISTANCE. */
    static final int BAND_RADIUS = Math.max(0, Math.ceilDiv(MAX_DISTANCE - 3, 4));
    /** Lock class of pg_advisory_xact_lock(class, key): one owner's images are linked one at a time. */
    private static final int LOCK_CLASS = 0x5113;

    /** The SQL condition "{@code alias}'s picture is the same as :hash, :color's", band lookup first. */
    private static String samePicture(String alias) {
        // "phash is not null" lets the planner use the partial band indexes: it can't infer it from "= any(:band)".
        return """
                %1$s.phash is not null
                and (((%1$s.phash >> 48) & 65535) = any(:band0) or ((%1$s.phash >> 32) & 65535) = any(:band1)
                 or ((%1$s.phash >> 16) & 65535) = any(:band2) or (%1$s.phash & 65535) = any(:band3))
                and scrapbook_hash_distance(%1$s.phash, :hash) <= :maxDistance
                and scrapbook_color_step(%1$s.pcolor, :color) <= :maxStep""".formatted(alias);
    }

    /** An image near another, and by how many bits. */
    public record Near(UUID id, int distance) {
    }

    /** A ready image that has no hash yet, with what is needed to find its grid thumbnail. */
    public record Unhashed(UUID id, UUID ownerId, String gridFormat) {
    }

    private final JdbcClient db;

    ImageHashes(JdbcClient db) {
        this.db = db;
    }

    /**
     * Stores an image's hash and links it to the owner's other images of the same picture (see {@link #link}).
     * Nothing happens to an image deleted meanwhile.
     */
    @Transactional
    public void record(UUID imageId, PictureHash hash) {
        if (db.sql("update images set phash = ?, pcolor = ? where id = ?").params(hash.difference(), hash.color(), imageId)
                .update() == 1) {
            link(imageId, hash);
        }
    }

    /** Links an image whose hash came with its row (a kept copy of a shared image); nothing when it has none yet. */
    @Transactional
    public void link(UUID imageId) {
        db.sql("select phash, pcolor from images where id = ? and phash is not null").param(imageId)
                .query((rs, n) -> new PictureHash(rs.getLong("phash"), rs.getInt("pcolor"))).optional()
                .ifPresent(hash -> link(imageId, hash));
    }

    /**
     * The image's {@code similar_to} becomes the owner's nearest earlier image of the same picture (the oldest of
     * equals), and every later one still without a {@code similar_to} points at it, so that the order in which
     * thumbnails finish does not matter. Two images of one picture linked at the same moment would each miss the
     * other (neither sees the other's uncommitted hash), so one owner's links are made under a transaction-scoped
     * advisory lock: the second to take it sees the first's hash.
     */
    private void link(UUID imageId, PictureHash hash) {
        db.sql("select 1 from pg_advisory_xact_lock(?, hashtext((select owner_id::text from images where id = ?)))")
                .params(LOCK_CLASS, imageId).query(Integer.class).single();
        near(db.sql("""
                        update images i set similar_to = (
                            select o.id from images o
                            where o.owner_id = i.owner_id and (o.saved_at, o.id) < (i.saved_at, i.id) and %s
                            order by scrapbook_hash_distance(o.phash, :hash), o.saved_at, o.id limit 1)
                        where i.id = :id""".formatted(samePicture("o"))), hash)
                .param("id", imageId).update();
        near(db.sql("""
                        update images l set similar_to = i.id from images i
                        where i.id = :id and l.owner_id = i.owner_id and l.similar_to is null
                          and (l.saved_at, l.id) > (i.saved_at, i.id) and %s""".formatted(samePicture("l"))), hash)
                .param("id", imageId).update();
    }

    /** The owner's other images of the same picture as {@code hash}, nearest first, then newest. */
    public List<Near> near(UUID ownerId, UUID imageId, PictureHash hash, int limit) {
        return near(db.sql("""
                        select i.id, scrapbook_hash_distance(i.phash, :hash) as distance from images i
                        where i.owner_id = :owner and i.id <> :id and %s
                        order by distance, i.saved_at desc, i.id desc limit :limit""".formatted(samePicture("i"))), hash)
                .param("owner", ownerId).param("id", imageId).param("limit", limit)
                .query((rs, n) -> new Near(rs.getObject("id", UUID.class), rs.getInt("distance"))).list();
    }

    /** The owner's image's hash; empty when it is not known (yet). */
    public Optional<PictureHash> hashOf(UUID ownerId, UUID imageId) {
        return db.sql("select phash, pcolor from images where owner_id = ? and id = ? and phash is not null")
                .params(ownerId, imageId).query((rs, n) -> new PictureHash(rs.getLong("phash"), rs.getInt("pcolor")))
                .optional();
    }

    /** Ready images without a hash, oldest first: those saved before hashes existed (migration V9). */
    public List<Unhashed> unhashed(int limit) {
        return db.sql("""
                        select id, owner_id, thumb_format from images where status = 'ready' and phash is null
                        order by saved_at limit ?""")
                .param(limit)
                .query((rs, n) -> new Unhashed(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
                        rs.getString("thumb_format")))
                .list();
    }

    /** The parameters of {@link #samePicture}. */
    private static JdbcClient.StatementSpec near(JdbcClient.StatementSpec statement, PictureHash hash) {
        for (int band = 0; band < 4; band++) {
            int value = (int) (hash.difference() >>> (48 - 16 * band)) & 0xFFFF;
            statement = statement.param("band" + band, within(value, BAND_RADIUS));
        }
        return statement.param("hash", hash.difference()).param("color", hash.color())
                .param("maxDistance", MAX_DISTANCE).param("maxStep", MAX_COLOR_STEP);
    }

    /** Every 16-bit value within {@code radius} bits of {@code value}. */
    static Long[] within(int value, int radius) {
        List<Long> values = new ArrayList<>();
        for (int other = 0; other < 1 << 16; other++) {
            if (Integer.bitCount(other ^ value) <= radius) {
                values.add((long) other);
            }
        }
        return values.toArray(Long[]::new);
    }
}

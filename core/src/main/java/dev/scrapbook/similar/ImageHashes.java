package dev.scrapbook.similar;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
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
 * its tuning set). The bits are found through four 16-bit bands of the hash, each with an index (migration V9)
 * and statistics (V12): when two hashes differ in at most {@code 4 r + 3} bits, one band differs in at most
 * {@code r} bits (pigeonhole), so looking up every value within {@code r} bits of each band finds all of them, and
 * the exact distance and colour are checked on those candidates alone. SimilarLookupPlanTest holds every statement
 * here to those indexes.
 */
@Repository
public class ImageHashes {

    public static final int MAX_DISTANCE = 11;
    public static final int MAX_COLOR_STEP = 8;
    /** Bits each band may differ by: 4 r + 3 >= MAX_DISTANCE. */
    static final int BAND_RADIUS = Math.max(0, Math.ceilDiv(MAX_DISTANCE - 3, 4));
    /** Lock class of pg_advisory_xact_lock(class, key): one owner's images are linked one at a time. */
    private static final int LOCK_CLASS = 0x5113;

    /** The four 16-bit bands of the hash, each exactly as its partial index (migration V9) says it. */
    private static final List<String> BANDS = List.of("((phash >> 48) & 65535)", "((phash >> 32) & 65535)",
            "((phash >> 16) & 65535)", "(phash & 65535)");

    /**
     * The SQL of :owner's images of the same picture as :hash and :color (columns id, phash, saved_at): one lookup
     * per band, through that band's index, with the exact distance and colour checked on what each finds; {@code union}
     * drops an image found through two bands. Four lookups rather than one condition with {@code or}: the planner
     * then has no other way to read each than its band index, whatever it estimates, where one {@code or} beside
     * "owner_id = ..." let it read all of the owner's images through an index on the owner (images_search_idx,
     * images_owner_saved_idx) whenever its estimates were off, as they were before V12's statistics and still are
     * for "earlier than this image" (bench/RESULTS.md, "Search"). "phash is not null" lets the partial indexes
     * qualify: the planner can't infer it from "= any(:band)".
     */
    private static final String SAME_PICTURE = bandLookups();

    private static String bandLookups() {
        StringJoiner lookups = new StringJoiner("\n    union\n    ", "(\n    ", ")");
        for (int band = 0; band < BANDS.size(); band++) {
            lookups.add("""
                    select id, phash, saved_at from images
                        where owner_id = :owner and phash is not null and %s = any(:band%d)
                          and scrapbook_hash_distance(phash, :hash) <= :maxDistance
                          and scrapbook_color_step(pcolor, :color) <= :maxStep""".formatted(BANDS.get(band), band));
        }
        return lookups.toString();
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
        UUID owner = db.sql("select owner_id from images where id = ?").param(imageId).query(UUID.class).single();
        db.sql("select 1 from pg_advisory_xact_lock(?, hashtext(?))").params(LOCK_CLASS, owner.toString())
                .query(Integer.class).single();
        samePictureAs(db.sql("""
                        update images i set similar_to = (
                            select s.id from %s s
                            where (s.saved_at, s.id) < (i.saved_at, i.id)
                            order by scrapbook_hash_distance(s.phash, :hash), s.saved_at, s.id limit 1)
                        where i.id = :id""".formatted(SAME_PICTURE)), owner, hash)
                .param("id", imageId).update();
        samePictureAs(db.sql("""
                        update images l set similar_to = i.id from images i, %s s
                        where i.id = :id and l.id = s.id and l.similar_to is null
                          and (s.saved_at, s.id) > (i.saved_at, i.id)""".formatted(SAME_PICTURE)), owner, hash)
                .param("id", imageId).update();
    }

    /** The owner's other images of the same picture as {@code hash}, nearest first, then newest. */
    public List<Near> near(UUID ownerId, UUID imageId, PictureHash hash, int limit) {
        return samePictureAs(db.sql("""
                        select s.id, scrapbook_hash_distance(s.phash, :hash) as distance from %s s
                        where s.id <> :id
                        order by distance, s.saved_at desc, s.id desc limit :limit""".formatted(SAME_PICTURE)),
                ownerId, hash)
                .param("id", imageId).param("limit", limit)
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

    /** The parameters of {@link #SAME_PICTURE}. */
    private static JdbcClient.StatementSpec samePictureAs(JdbcClient.StatementSpec statement, UUID owner, PictureHash hash) {
        for (int band = 0; band < BANDS.size(); band++) {
            int value = (int) (hash.difference() >>> (48 - 16 * band)) & 0xFFFF;
            statement = statement.param("band" + band, within(value, BAND_RADIUS));
        }
        return statement.param("owner", owner).param("hash", hash.difference()).param("color", hash.color())
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

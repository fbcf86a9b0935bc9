package dev.scrapbook.similar;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.testing.LargeGallery;
import dev.scrapbook.testing.StatementRecorder;
import dev.scrapbook.testing.StatementRecorder.Statement;

/**
 * The similar-image lookups read the band indexes, never the whole images table, on a gallery of 20,000 images:
 * both the list of an image's look-alikes ({@code GET /api/images/{id}/similar}) and the links made when a hash is
 * recorded (the thumbnail function, the backfill, a kept copy of a shared image). Each statement ImageHashes sends
 * is explained as sent, with the plan made for its values and the generic plan PostgreSQL may settle on for a
 * statement run often.
 */
class SimilarLookupPlanTest {

    private static final Set<String> BY_ID_OR_BAND = Set.of("images_pkey", "images_phash_band0_idx",
            "images_phash_band1_idx", "images_phash_band2_idx", "images_phash_band3_idx");

    private static LargeGallery gallery;
    private static StatementRecorder recorder;
    private static ImageHashes hashes;
    private static JdbcClient db;

    @BeforeAll
    static void gallery() {
        gallery = LargeGallery.get();
        recorder = new StatementRecorder(gallery.dataSource());
        hashes = new ImageHashes(JdbcClient.create(recorder.dataSource()));
        db = JdbcClient.create(gallery.dataSource());
    }

    @Test
    void listingLookAlikesReadsTheBandIndexes() throws SQLException {
        UUID image = db.sql("select id from images where owner_id = ? order by saved_at desc limit 1 offset 500")
                .param(gallery.owner()).query(UUID.class).single();
        PictureHash hash = hashes.hashOf(gallery.owner(), image).orElseThrow();
        UUID lookAlike = imageHashed(new PictureHash(hash.difference() ^ 0x8000_0000_0000_0001L, hash.color()));
        recorder.take();

        assertThat(hashes.near(gallery.owner(), image, hash, 50)).first().isEqualTo(new ImageHashes.Near(lookAlike, 2));

        assertEveryStatementReadsIndexes(recorder.take(), 1);
    }

    @Test
    void linkingANewHashReadsTheBandIndexes() throws SQLException {
        PictureHash hash = new PictureHash(0x0123_4567_89AB_CDEFL, 0x406080);
        UUID earlier = imageHashed(hash);
        UUID image = imageHashed(null);
        recorder.take();

        hashes.record(image, new PictureHash(hash.difference() ^ 0x0000_0100_0000_0000L, hash.color()));

        assertEveryStatementReadsIndexes(recorder.take(), 2);
        assertThat(db.sql("select similar_to from images where id = ?").param(image).query(UUID.class).single())
                .isEqualTo(earlier);
    }

    /** A new image of the owner's, saved now, with this hash (or none yet). */
    private static UUID imageHashed(PictureHash hash) {
        return db.sql("""
                        insert into images (owner_id, sha256, format, width, height, bytes, phash, pcolor)
                        values (?, sha256(gen_random_uuid()::text::bytea), 'jpeg', 1, 1, 1, ?, ?) returning id""")
                .params(gallery.owner(), hash == null ? null : hash.difference(), hash == null ? null : hash.color())
                .query(UUID.class).single();
    }

    private static void assertEveryStatementReadsIndexes(List<Statement> statements, int bandLookups) throws SQLException {
        assertThat(statements).filteredOn(statement -> statement.sql().contains("any(")).as("band lookups sent")
                .hasSize(bandLookups);
        for (Statement statement : statements) {
            assertReadsOnlyByIdOrBand(recorder.plan(statement), "plan for its values of " + statement.sql());
            assertReadsOnlyByIdOrBand(recorder.genericPlan(statement), "generic plan of " + statement.sql());
        }
    }

    /**
     * Not only no sequential scan: an index on the owner alone (images_search_idx is one, through btree_gin) reads all
     * of the owner's images too, as the lookup did at 100,000 images before migration V12.
     */
    private static void assertReadsOnlyByIdOrBand(JsonNode plan, String what) {
        assertThat(StatementRecorder.sequentialScans(plan, "images")).as(what).isEmpty();
        assertThat(StatementRecorder.indexesRead(plan)).as(what).isSubsetOf(BY_ID_OR_BAND);
    }
}

package dev.scrapbook.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.scrapbook.testing.TestServices;

/**
 * Migration V9 (titles, search, picture hashes) on a database that already has images and boards, as a deployed one
 * has: the old rows become searchable at once, by their boards' names too, and wait with no hash for the reconcile
 * pass's backfill; the later migrations apply on top (V12 gathers its statistics at once).
 */
class MigrationOnExistingImagesTest {

    private static final int SEARCH_MIGRATION = 9;

    @Test
    void oldImagesAreSearchableAndAwaitTheirHash() throws IOException {
        try (SingleConnectionDataSource data = new SingleConnectionDataSource(TestServices.databaseUrl(), "postgres", "", true)) {
            Flyway.configure().dataSource(data).target(lastVersionBefore(SEARCH_MIGRATION)).load().migrate();
            JdbcClient db = JdbcClient.create(data);
            UUID owner = TestServices.insertUser(db);
            db.sql("""
                            insert into images (owner_id, sha256, status, format, width, height, bytes, source_url, page_url,
                                                page_title, alt, thumb_width, thumb_height, thumb_format,
                                                preview_width, preview_height, preview_format)
                            values (?, '\\x01', 'ready', 'jpeg', 800, 600, 1000, 'https://cdn.example.net/a.jpg',
                                    'https://photos.example.org/harbour', 'Harbour at dusk', 'Boats', 400, 300, 'jpeg',
                                    800, 600, 'jpeg')""")
                    .param(owner).update();
            UUID board = db.sql("insert into boards (owner_id, name) values (?, 'Evening light') returning id")
                    .param(owner).query(UUID.class).single();
            db.sql("insert into board_images (board_id, image_id, position) select ?, id, 1 from images").param(board).update();

            Flyway.configure().dataSource(data).load().migrate();

            assertThat(db.sql("select count(*) from images where search @@ scrapbook_word_query('harb dusk', 'ABC')")
                    .query(Integer.class).single()).isEqualTo(1);
            assertThat(db.sql("select count(*) from images where search @@ cast('''site:example.org''' as tsquery)")
                    .query(Integer.class).single()).isEqualTo(1);
            assertThat(db.sql("select count(*) from images where search @@ scrapbook_word_query('boats net', 'AB')")
                    .query(Integer.class).single()).isEqualTo(1);
            assertThat(db.sql("select count(*) from images where search @@ scrapbook_word_query('evening', 'D')")
                    .query(Integer.class).single()).as("the name of a board it was on before").isEqualTo(1);
            assertThat(db.sql("select count(*) from images where status = 'ready' and phash is null and title is null"
                    + " and note is null and similar_to is null").query(Integer.class).single()).isEqualTo(1);
            assertThat(db.sql("select count(*) from pg_stats_ext_exprs where statistics_name like 'images_phash_band_\\_stats'")
                    .query(Integer.class).single()).as("V12's band statistics, gathered at once").isEqualTo(4);
        }
    }

    /** The newest migration before {@code version}, whichever other branches added meanwhile. */
    private static String lastVersionBefore(int version) throws IOException {
        Resource[] scripts = new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/V*__*.sql");
        return String.valueOf(Arrays.stream(scripts)
                .mapToInt(script -> Integer.parseInt(script.getFilename().replaceAll("^V(\\d+)__.*", "$1")))
                .filter(v -> v < version).max().orElseThrow());
    }
}

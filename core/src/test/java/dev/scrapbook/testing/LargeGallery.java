package dev.scrapbook.testing;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database of its own (the schema of every migration) where one owner has {@link #IMAGES} ready, hashed images
 * and 20 others 1,000 each, ANALYZE'd: large enough that the planner's choices are the ones a big gallery gets
 * (bench/search has 100,000), so tests can check a query's plan. Built once per test JVM (about 10 s here).
 *
 * <p>Words with known shares of the owner's images, as bench/search picks them from its Zipf vocabulary:
 * {@code rareword} in 20, {@code mediumword} in 2 %, {@code commonword} in 10 %, {@code topword} in 40 %, and
 * {@code ka1}..{@code ka5000} at Zipf frequencies (so {@code ka} prefixes a word of nearly every image). Page hosts:
 * {@code big.example.org} for 5 %, {@code small.example.org} for 20, the rest spread over 1,000 sites. GIFs are 3 %;
 * one image a minute back from now. Each share is a residue of a modulus prime to the others' (47, 10, 19, 33), so
 * that the words, the big site and the format fall on images independently, as in a real gallery.
 */
public final class LargeGallery {

    public static final int IMAGES = 20_000;

    private static final String FILL = """
            insert into users (username, password_hash)
            select 'large-gallery-' || n, 'not a hash' from generate_series(0, 20) n;

            insert into images (owner_id, sha256, status, format, width, height, bytes, source_url, page_url, page_title,
                                alt, thumb_width, thumb_height, thumb_format, preview_width, preview_height,
                                preview_format, saved_at, phash, pcolor)
            select u.id, sha256(convert_to(u.id::text || i, 'UTF8')), 'ready',
                   case when i % 33 = 0 then 'gif' when i % 10 = 8 then 'png' when i % 10 = 9 then 'webp' else 'jpeg' end,
                   1600, 1200, 250000 + i, 'https://cdn' || i % 50 || '.images.net/i/' || i || '.jpg',
                   'https://' || case when i % 1000 = 500 then 'small.example.org'
                                      when i % 19 = 0 then 'big.example.org'
                                      else 'www.site' || i * 7919 % 1000 || '.com' end || '/p/' || i,
                   concat_ws(' ', case when i % 1000 = 7 then 'rareword' end, case when i % 47 = 3 then 'mediumword' end,
                             case when i % 10 = 4 then 'commonword' end, case when i % 5 < 2 then 'topword' end,
                             (select string_agg('ka' || floor(exp(random() * ln(5000)))::int, ' ')
                              from generate_series(1, 3 + i % 4))),
                   case when i % 10 < 7 then (select string_agg('ka' || floor(exp(random() * ln(5000)))::int, ' ')
                                              from generate_series(1, 1 + i % 3)) end,
                   400, 300, 'jpeg', 1600, 1200, 'jpeg', now() - i * interval '1 minute',
                   -- Two random 32-bit halves: one random() has only 52 bits.
                   (floor(random() * 4294967296)::bigint << 32) # floor(random() * 4294967296)::bigint,
                   floor(random() * 16777216)::int
            from (select id, case when username = 'large-gallery-0' then :images else 1000 end as images
                  from users where username like 'large-gallery-%') u,
                 generate_series(1, u.images) as i;
            """.replace(":images", String.valueOf(IMAGES));

    private static LargeGallery built;

    private final DataSource dataSource;
    private final UUID owner;

    private LargeGallery(DataSource dataSource, UUID owner) {
        this.dataSource = dataSource;
        this.owner = owner;
    }

    public static synchronized LargeGallery get() {
        if (built == null) {
            SingleConnectionDataSource data = new SingleConnectionDataSource(
                    TestServices.otherDatabaseUrl("large_gallery"), "postgres", "", true);
            Flyway.configure().dataSource(data).load().migrate();
            JdbcClient db = JdbcClient.create(data);
            db.sql(FILL).update();
            db.sql("vacuum analyze images").update();
            built = new LargeGallery(data, db.sql("select id from users where username = 'large-gallery-0'")
                    .query(UUID.class).single());
        }
        return built;
    }

    /** One connection, shared: the tests that use it run one statement at a time. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The user with {@link #IMAGES} images. */
    public UUID owner() {
        return owner;
    }
}

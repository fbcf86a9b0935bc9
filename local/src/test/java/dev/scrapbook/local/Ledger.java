package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.imageio.ImageIO;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;

import dev.scrapbook.storage.StorageKeys;

/** What the database and the S3 store hold, read directly, to count what was saved and what was lost. */
final class Ledger {

    static final String S3_KEY = "reliability";
    static final String S3_SECRET = "reliability-secret-" + dev.scrapbook.testing.TestServices.RUN_ID;
    private static final String ORIGINALS = "scrapbook-originals";
    private static final String THUMBNAILS = "scrapbook-thumbnails";

    private final String jdbcUrl;
    private final MinioClient s3;

    Ledger(String jdbcUrl, String s3Endpoint) {
        this.jdbcUrl = jdbcUrl;
        this.s3 = MinioClient.builder().endpoint(s3Endpoint).credentials(S3_KEY, S3_SECRET).build();
    }

    long count(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
                ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Status to how many of these images have it; an id without a row counts as "missing". */
    Map<String, Integer> statuses(List<String> ids) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement query = db.prepareStatement("select status from images where id = ?")) {
            for (String id : ids) {
                query.setObject(1, UUID.fromString(id));
                try (ResultSet rs = query.executeQuery()) {
                    counts.merge(rs.next() ? rs.getString(1) : "missing", 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    long originals() {
        long count = 0;
        for (var ignored : s3.listObjects(ListObjectsArgs.builder().bucket(ORIGINALS).recursive(true).build())) {
            count++;
        }
        return count;
    }

    /** Every key under the prefix in either bucket. */
    List<String> keysUnder(String prefix) throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        for (String bucket : List.of(ORIGINALS, THUMBNAILS)) {
            for (var item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                keys.add(bucket + "/" + item.get().objectName());
            }
        }
        return keys;
    }

    void awaitAtLeastSettled(int settled, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count("select count(*) from images where status <> 'pending'") < settled) {
            assertThat(System.nanoTime()).as("%d images settled within %s", settled, timeout).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    void awaitNonePending(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count("select count(*) from images where status = 'pending'") > 0) {
            assertThat(System.nanoTime()).as("no image pending within %s", timeout).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * Every row has its original; every ready row has both renditions, decodable and of the size the row says;
     * every original has its row.
     */
    void assertEveryRowWhole() throws Exception {
        long rows = 0;
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
                ResultSet rs = db.createStatement().executeQuery(
                        "select owner_id, id, status, thumb_format, thumb_width, preview_format from images")) {
            while (rs.next()) {
                rows++;
                UUID owner = rs.getObject(1, UUID.class);
                UUID id = rs.getObject(2, UUID.class);
                s3.statObject(StatObjectArgs.builder().bucket(ORIGINALS).object(StorageKeys.original(owner, id)).build());
                if ("ready".equals(rs.getString(3))) {
                    String grid = StorageKeys.grid(owner, id, rs.getString(4));
                    try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(THUMBNAILS).object(grid).build())) {
                        assertThat(ImageIO.read(in).getWidth()).as(grid).isEqualTo(rs.getInt(5));
                    }
                    s3.statObject(StatObjectArgs.builder().bucket(THUMBNAILS)
                            .object(StorageKeys.preview(owner, id, rs.getString(6))).build());
                }
            }
        }
        assertThat(originals()).as("every original has its row").isEqualTo(rows);
    }
}

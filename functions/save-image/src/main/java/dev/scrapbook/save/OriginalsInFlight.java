package dev.scrapbook.save;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Keys of originals a save has begun to write and not yet finished (V11, {@code originals_in_flight}): recorded before
 * the S3 put, forgotten once the row is written or the object is removed again. What a crash leaves here,
 * {@link AbandonedOriginals} clears.
 */
@Repository
class OriginalsInFlight {

    private static final Logger log = LoggerFactory.getLogger(OriginalsInFlight.class);

    private final JdbcClient db;

    OriginalsInFlight(JdbcClient db) {
        this.db = db;
    }

    void begin(String key) {
        db.sql("insert into originals_in_flight (object_key) values (?) on conflict do nothing").param(key).update();
    }

    /** A failure here only leaves the key for the reconcile pass, which then finds the row and keeps the object. */
    void endQuietly(String key) {
        try {
            end(key);
        } catch (DataAccessException e) {
            log.warn("original {} finished but still recorded as in flight: {}", key, e.getMessage());
        }
    }

    void end(String key) {
        db.sql("delete from originals_in_flight where object_key = ?").param(key).update();
    }

    /** Keys begun more than {@code age} ago, oldest first, by PostgreSQL's clock. */
    List<String> startedBefore(Duration age, int limit) {
        return db.sql("""
                        select object_key from originals_in_flight
                        where started_at < now() - make_interval(secs => ?) order by started_at limit ?""")
                .params(age.toMillis() / 1000.0, limit).query(String.class).list();
    }
}

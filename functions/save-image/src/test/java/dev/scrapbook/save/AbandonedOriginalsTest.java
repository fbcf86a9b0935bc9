package dev.scrapbook.save;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.scrapbook.save.ImageSaver.Provenance;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.testing.MalformedImages;
import dev.scrapbook.testing.TestServices;

/**
 * A save cut off between the S3 put and its row leaves its key in originals_in_flight; the reconcile pass deletes such
 * an original once it is old enough, keeps one whose row exists, and leaves a save still under way alone.
 */
@SpringBootTest(classes = SaveImageApplication.class)
class AbandonedOriginalsTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        registry.add("scrapbook.reconcile.abandoned-after", () -> "1m");
    }

    @Autowired
    ImageSaver saver;
    @Autowired
    AbandonedOriginals abandoned;
    @Autowired
    ObjectStore store;
    @Autowired
    StorageSettings buckets;
    @Autowired
    JdbcClient db;

    @Test
    void deletesTheOriginalOfASaveCutOffBeforeItsRowAndNothingElse() {
        UUID owner = TestServices.insertUser(db);
        byte[] jpeg = MalformedImages.validSamples().get("jpeg");
        ImageSaver.Saved saved = saver.save(owner, jpeg, new Provenance(null, null, null, null));
        String withRow = StorageKeys.original(owner, saved.image().id());
        assertThat(inFlight(withRow)).as("a finished save leaves no key").isZero();

        String cutOff = StorageKeys.original(owner, UUID.randomUUID());
        String underWay = StorageKeys.original(owner, UUID.randomUUID());
        store.put(buckets.originalsBucket(), cutOff, jpeg, "image/jpeg");
        store.put(buckets.originalsBucket(), underWay, jpeg, "image/jpeg");
        begun(cutOff, "1 hour");
        begun(withRow, "1 hour");
        begun(underWay, "1 second");

        assertThat(abandoned.clear()).isEqualTo(1);

        assertThat(store.find(buckets.originalsBucket(), cutOff)).as("the cut-off save's original").isEmpty();
        assertThat(store.find(buckets.originalsBucket(), withRow)).as("an original with its row").isPresent();
        assertThat(store.find(buckets.originalsBucket(), underWay)).as("a save still under way").isPresent();
        assertThat(inFlight(cutOff) + inFlight(withRow)).isZero();
        assertThat(inFlight(underWay)).isEqualTo(1);
    }

    private void begun(String key, String ago) {
        db.sql("insert into originals_in_flight (object_key, started_at) values (?, now() - cast(? as interval))")
                .params(key, ago).update();
    }

    private long inFlight(String key) {
        return db.sql("select count(*) from originals_in_flight where object_key = ?").param(key).query(Long.class).single();
    }
}

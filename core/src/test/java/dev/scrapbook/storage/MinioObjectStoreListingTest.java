package dev.scrapbook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.scrapbook.testing.TestServices;

/**
 * Listing and deleting by prefix against a real S3 server (S3Proxy in memory): every page of a multi-object delete
 * goes, nothing outside the prefix does, and deleting again finds nothing. Pages of two keys, so that five objects
 * take three delete requests, each listed after the last key of the page before.
 */
class MinioObjectStoreListingTest {

    private static final String BUCKET = "listing-" + TestServices.RUN_ID;
    private static EmbeddedS3Server s3;
    private static MinioObjectStore store;

    @BeforeAll
    static void start() throws Exception {
        s3 = EmbeddedS3Server.inMemory("127.0.0.1", TestServices.freePort(), "key", "secret-" + TestServices.RUN_ID);
        store = new MinioObjectStore(new StorageSettings(s3.endpoint(), null, "key", "secret-" + TestServices.RUN_ID,
                "us-east-1", BUCKET, BUCKET, 2));
        store.createBucketIfMissing(BUCKET);
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    @Test
    void deletesEveryPageUnderThePrefixAndNothingBeside() {
        UUID owner = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        IntStream.range(0, 5).forEach(i -> put(StorageKeys.original(owner, UUID.randomUUID())));
        put(StorageKeys.grid(owner, UUID.randomUUID(), "jpeg"));
        put(StorageKeys.original(neighbour, UUID.randomUUID()));
        put(owner.toString() + "-not-a-key-of-the-owner");

        assertThat(store.list(BUCKET, StorageKeys.owner(owner), 4)).hasSize(4).isSorted();
        long deleted = store.deleteAll(BUCKET, StorageKeys.owner(owner));

        assertThat(deleted).isEqualTo(6);
        assertThat(store.list(BUCKET, StorageKeys.owner(owner), 100)).isEmpty();
        assertThat(store.list(BUCKET, StorageKeys.owner(neighbour), 100)).hasSize(1);
        assertThat(store.list(BUCKET, owner.toString(), 100)).containsExactly(owner + "-not-a-key-of-the-owner");
        assertThat(store.deleteAll(BUCKET, StorageKeys.owner(owner))).as("again: nothing there, no error").isZero();
    }

    @Test
    void refusesADeleteBatchOutsideOneToS3sLimit() {
        URI endpoint = URI.create("http://127.0.0.1:1");
        for (int batch : new int[] {0, 1001}) {
            assertThatThrownBy(() -> new StorageSettings(endpoint, null, "k", "s", "us-east-1", "a", "b", batch))
                    .hasMessageContaining("SCRAPBOOK_S3_DELETE_BATCH");
        }
    }

    private static void put(String key) {
        store.put(BUCKET, key, new byte[] {1, 2, 3}, "application/octet-stream");
    }
}

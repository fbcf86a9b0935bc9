package dev.scrapbook.storage;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Creates the buckets when missing, where this process owns its store (one machine, tests). A cluster
 * creates them once at deploy time instead, so a cold start makes no extra request.
 */
@Component
@ConditionalOnProperty("scrapbook.s3.create-buckets")
class BucketSetup implements ApplicationRunner {

    private final ObjectStore store;
    private final StorageSettings settings;

    BucketSetup(ObjectStore store, StorageSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        store.createBucketIfMissing(settings.originalsBucket());
        store.createBucketIfMissing(settings.thumbnailsBucket());
    }
}

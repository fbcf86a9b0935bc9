package dev.scrapbook.storage;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Creates the buckets when missing, where this process owns its store (one machine, tests). A cluster
 * creates them once at deploy time instead (the migrate Job), so a cold start makes no extra request. Done
 * when the context's beans are ready rather than after start-up, because the migrate step exits right then.
 */
@Component
@ConditionalOnProperty("scrapbook.s3.create-buckets")
class BucketSetup implements SmartInitializingSingleton {

    private final ObjectStore store;
    private final StorageSettings settings;

    BucketSetup(ObjectStore store, StorageSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    @Override
    public void afterSingletonsInstantiated() {
        store.createBucketIfMissing(settings.originalsBucket());
        store.createBucketIfMissing(settings.thumbnailsBucket());
    }
}

package dev.scrapbook.save;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.scrapbook.similar.PictureHash;
import dev.scrapbook.similar.ImageHashes;
import dev.scrapbook.similar.ImageHashes.Unhashed;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.storage.StorageUnavailableException;

/**
 * Gives the images saved before picture hashes existed (migration V9) their hash, a batch per reconcile pass:
 * from the grid thumbnail already stored, the very bytes the thumbnail function hashes, so an old image and a
 * new one of the same picture get the same hash. Linking works in either order, so old images may come last.
 * An image whose grid can't be read stays unhashed and is tried again on the next pass.
 */
@Component
class HashBackfill {

    private static final Logger log = LoggerFactory.getLogger(HashBackfill.class);
    /** A grid thumbnail is some 30 KB and a few ms to decode: a batch is seconds, and an old gallery done in hours. */
    static final int BATCH = 200;

    private final ImageHashes hashes;
    private final ObjectStore store;
    private final StorageSettings buckets;

    HashBackfill(ImageHashes hashes, ObjectStore store, StorageSettings buckets) {
        this.hashes = hashes;
        this.store = store;
        this.buckets = buckets;
    }

    /** How many images got their hash. */
    int run() {
        int count = 0;
        for (Unhashed image : hashes.unhashed(BATCH)) {
            byte[] grid;
            try {
                grid = store.get(buckets.thumbnailsBucket(), StorageKeys.grid(image.ownerId(), image.id(), image.gridFormat()));
            } catch (StorageUnavailableException e) {
                log.warn("image {}: grid thumbnail unreadable, no picture hash this pass: {}", image.id(), e.getMessage());
                continue;
            }
            var hash = PictureHash.of(grid);
            if (hash.isPresent()) {
                hashes.record(image.id(), hash.get());
                count++;
            } else {
                log.warn("image {}: grid thumbnail does not decode, no picture hash", image.id());
            }
        }
        if (count > 0) {
            log.info("picture hashes made for {} images saved before hashes existed", count);
        }
        return count;
    }
}

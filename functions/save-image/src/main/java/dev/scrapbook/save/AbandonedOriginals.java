package dev.scrapbook.save;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.storage.StorageUnavailableException;

/**
 * Part of each reconcile pass: the originals whose save was cut off between the S3 put and the row (a kill -9, a lost
 * pod), found in {@link OriginalsInFlight} once older than {@code scrapbook.reconcile.abandoned-after} (far longer than
 * any save takes), are deleted unless their row exists after all; then the key is forgotten. S3 being down leaves the
 * rest for the next pass.
 */
@Component
class AbandonedOriginals {

    private static final Logger log = LoggerFactory.getLogger(AbandonedOriginals.class);
    private static final int BATCH = 200;

    private final OriginalsInFlight inFlight;
    private final ImageRepository images;
    private final ObjectStore store;
    private final StorageSettings buckets;
    private final ReconcileSettings settings;

    AbandonedOriginals(OriginalsInFlight inFlight, ImageRepository images, ObjectStore store, StorageSettings buckets,
            ReconcileSettings settings) {
        this.inFlight = inFlight;
        this.images = images;
        this.store = store;
        this.buckets = buckets;
        this.settings = settings;
    }

    /** How many abandoned originals were deleted. */
    int clear() {
        int deleted = 0;
        for (String key : inFlight.startedBefore(settings.abandonedAfter(), BATCH)) {
            UUID imageId = UUID.fromString(key.substring(key.lastIndexOf('/') + 1));
            if (images.findById(imageId).isEmpty()) {
                try {
                    store.delete(buckets.originalsBucket(), key);
                } catch (StorageUnavailableException e) {
                    log.warn("abandoned original {} not deleted yet: {}", key, e.getMessage());
                    return deleted;
                }
                deleted++;
            }
            inFlight.end(key);
        }
        if (deleted > 0) {
            log.info("deleted {} originals whose save was cut off before its row", deleted);
        }
        return deleted;
    }
}

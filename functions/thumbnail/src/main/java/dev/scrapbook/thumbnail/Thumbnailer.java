package dev.scrapbook.thumbnail;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.scrapbook.images.Image;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.thumbnail.engine.Box;
import dev.scrapbook.thumbnail.engine.Rendition;
import dev.scrapbook.thumbnail.engine.ThumbnailEngine;
import dev.scrapbook.thumbnail.engine.UndecodableImageException;

/**
 * Makes an image's grid thumbnail (fits 400x400) and preview (fits 1600x1600).
 *
 * <p>Once per image: the work starts by claiming the pending row with a lease, in one update
 * ({@link ImageRepository#claimForThumbnail}), so of any number of deliveries for one image (retries, duplicates,
 * forged events) one decodes and the others are {@code skipped}; a transient failure gives the claim back at once so
 * that the source's retry can take it, and a crash gives it back when the lease runs out. Idempotent besides: the
 * objects' keys are fixed by the image id, and the row turns ready only from pending. Objects are stored before
 * the row says ready, so a ready row never points at a missing thumbnail.
 */
@Component
class Thumbnailer {

    private static final Logger log = LoggerFactory.getLogger(Thumbnailer.class);
    static final Box PREVIEW = new Box(1600, 1600);
    static final Box GRID = new Box(400, 400);

    private final ImageRepository images;
    private final ObjectStore store;
    private final StorageSettings buckets;
    private final ThumbnailEngine engine;
    private final ThumbnailSettings settings;
    private final GridHash gridHash;

    Thumbnailer(ImageRepository images, ObjectStore store, StorageSettings buckets, ThumbnailEngine engine,
            ThumbnailSettings settings, GridHash gridHash) {
        this.images = images;
        this.store = store;
        this.buckets = buckets;
        this.engine = engine;
        this.settings = settings;
        this.gridHash = gridHash;
    }

    Outcome make(UUID imageId) {
        Optional<Image> claimed = images.claimForThumbnail(imageId, settings.lease());
        if (claimed.isEmpty()) {
            return Outcome.skipped(whyNotClaimed(imageId));
        }
        try {
            return makeClaimed(claimed.get());
        } catch (RuntimeException transientFailure) {
            release(imageId, transientFailure);
            throw transientFailure;
        }
    }

    private String whyNotClaimed(UUID imageId) {
        return images.findById(imageId)
                .map(image -> image.status() == Image.Status.pending
                        ? "image " + imageId + " is being made by another delivery"
                        : "image " + imageId + " is already " + image.status())
                .orElse("image " + imageId + " no longer exists");
    }

    private Outcome makeClaimed(Image image) {
        UUID imageId = image.id();
        Optional<byte[]> original = store.find(buckets.originalsBucket(), StorageKeys.original(image.ownerId(), imageId));
        if (original.isEmpty()) {
            // No retry brings a missing original back: the image fails now rather than dead-lettering its event.
            return reject(imageId, "the original is missing from the image store");
        }
        List<Rendition> renditions;
        try {
            renditions = engine.render(original.get(), List.of(PREVIEW, GRID));
        } catch (UndecodableImageException e) {
            return reject(imageId, e.getMessage());
        }
        Rendition preview = renditions.get(0);
        Rendition grid = renditions.get(1);
        store.put(buckets.thumbnailsBucket(), StorageKeys.preview(image.ownerId(), imageId, preview.format()),
                preview.bytes(), "image/" + preview.format());
        store.put(buckets.thumbnailsBucket(), StorageKeys.grid(image.ownerId(), imageId, grid.format()),
                grid.bytes(), "image/" + grid.format());
        gridHash.record(imageId, grid);
        if (!images.markReady(imageId, size(grid), size(preview)) && images.findById(imageId).isEmpty()) {
            // Deleted while we worked: what we just stored belongs to nothing.
            store.delete(buckets.thumbnailsBucket(), StorageKeys.preview(image.ownerId(), imageId, preview.format()));
            store.delete(buckets.thumbnailsBucket(), StorageKeys.grid(image.ownerId(), imageId, grid.format()));
            return Outcome.skipped("image " + imageId + " was deleted while its thumbnail was made");
        }
        Outcome made = Outcome.made("%dx%d grid, %dx%d preview by %s".formatted(
                grid.width(), grid.height(), preview.width(), preview.height(), engine.name()));
        log.info("image {} thumbnails made: {}", imageId, made.detail());
        return made;
    }

    /** A permanent failure: the row says why, and the event is answered 2xx so that it is not retried. */
    private Outcome reject(UUID imageId, String reason) {
        if (!images.markFailed(imageId, reason)) {
            return Outcome.skipped("image " + imageId + " is no longer pending");
        }
        log.info("image {} failed ({} engine): {}", imageId, engine.name(), reason);
        return Outcome.rejected(reason);
    }

    private void release(UUID imageId, RuntimeException cause) {
        try {
            images.releaseThumbnailClaim(imageId);
        } catch (RuntimeException alsoDown) {
            cause.addSuppressed(alsoDown);
            log.warn("image {}: claim not given back ({}); it frees itself when its lease runs out", imageId, alsoDown.toString());
        }
    }

    private static Image.Rendition size(Rendition rendition) {
        return new Image.Rendition(rendition.width(), rendition.height(), rendition.format());
    }
}

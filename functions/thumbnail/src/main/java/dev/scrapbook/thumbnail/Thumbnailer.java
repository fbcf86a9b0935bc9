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
 * <p>Idempotent: only a pending image is worked on, the objects' keys are fixed by the image id (a
 * repeat overwrites the same bytes), and the row turns ready only from pending. Objects are stored
 * before the row says ready, so a ready row never points at a missing thumbnail.
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
    private final GridHash gridHash;

    Thumbnailer(ImageRepository images, ObjectStore store, StorageSettings buckets, ThumbnailEngine engine,
            GridHash gridHash) {
        this.images = images;
        this.store = store;
        this.buckets = buckets;
        this.engine = engine;
        this.gridHash = gridHash;
    }

    Outcome make(UUID imageId) {
        Optional<Image> found = images.findById(imageId);
        if (found.isEmpty()) {
            return Outcome.skipped("image " + imageId + " no longer exists");
        }
        Image image = found.get();
        if (image.status() != Image.Status.pending) {
            return Outcome.skipped("image " + imageId + " is already " + image.status());
        }
        byte[] original = store.get(buckets.originalsBucket(), StorageKeys.original(image.ownerId(), imageId));
        List<Rendition> renditions;
        try {
            renditions = engine.render(original, List.of(PREVIEW, GRID));
        } catch (UndecodableImageException e) {
            images.markFailed(imageId, e.getMessage());
            log.info("image {} rejected by {}: {}", imageId, engine.name(), e.getMessage());
            return Outcome.rejected(e.getMessage());
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

    private static Image.Rendition size(Rendition rendition) {
        return new Image.Rendition(rendition.width(), rendition.height(), rendition.format());
    }
}

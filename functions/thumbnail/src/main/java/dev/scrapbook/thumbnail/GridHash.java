package dev.scrapbook.thumbnail;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.scrapbook.similar.PictureHash;
import dev.scrapbook.similar.ImageHashes;
import dev.scrapbook.thumbnail.engine.Rendition;

/**
 * The picture hash of a new image, from its grid thumbnail exactly as stored (so that the backfill, which reads
 * the stored grid, gets the same hash), recorded with the owner's look-alikes linked. Runs before the row turns
 * ready, so a client that waits for ready finds {@code similarTo} already set.
 */
@Component
class GridHash {

    private static final Logger log = LoggerFactory.getLogger(GridHash.class);

    private final ImageHashes hashes;

    GridHash(ImageHashes hashes) {
        this.hashes = hashes;
    }

    void record(UUID imageId, Rendition grid) {
        PictureHash.of(grid.bytes()).ifPresentOrElse(hash -> hashes.record(imageId, hash),
                // Our own engine's output always decodes; should it not, the image is still worth its thumbnails.
                () -> log.warn("image {}: its grid thumbnail could not be read back for its picture hash", imageId));
    }
}

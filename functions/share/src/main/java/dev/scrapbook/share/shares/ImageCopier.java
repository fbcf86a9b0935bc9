package dev.scrapbook.share.shares;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import dev.scrapbook.images.Image;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.similar.ImageHashes;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.storage.StorageUnavailableException;
import dev.scrapbook.web.ApiProblem;

/**
 * Keeps a copy of an image shared with me in my own gallery, from the stored objects (S3 server-side
 * copies), never from the web again. Same order as a save: objects first, then the row, objects removed
 * again if the row can't be written, so no row points at nothing.
 */
@Component
class ImageCopier {

    private static final Logger log = LoggerFactory.getLogger(ImageCopier.class);

    private final ImageRepository images;
    private final ImageHashes hashes;
    private final ObjectStore store;
    private final StorageSettings buckets;

    ImageCopier(ImageRepository images, ImageHashes hashes, ObjectStore store, StorageSettings buckets) {
        this.images = images;
        this.hashes = hashes;
        this.store = store;
        this.buckets = buckets;
    }

    /** The copy, and whether this call made it (false: I had these bytes already). */
    record Copy(Image image, boolean created) {
    }

    Copy copy(UUID me, Image source) {
        Optional<Image> mine = images.findSameBytes(me, source.id());
        if (mine.isPresent()) {
            return new Copy(mine.get(), false);
        }
        UUID id = UUID.randomUUID();
        List<String[]> copied = new ArrayList<>();
        try {
            copyObject(copied, buckets.originalsBucket(), StorageKeys.original(source.ownerId(), source.id()),
                    StorageKeys.original(me, id));
            if (source.status() == Image.Status.ready) {
                String grid = source.thumbnail().format();
                String preview = source.preview().format();
                copyObject(copied, buckets.thumbnailsBucket(), StorageKeys.grid(source.ownerId(), source.id(), grid),
                        StorageKeys.grid(me, id, grid));
                copyObject(copied, buckets.thumbnailsBucket(),
                        StorageKeys.preview(source.ownerId(), source.id(), preview), StorageKeys.preview(me, id, preview));
            }
        } catch (StorageUnavailableException e) {
            removeQuietly(copied);
            throw ApiProblem.unavailable("the image store is unavailable; nothing was copied, try again shortly", e);
        }
        Optional<Image> inserted;
        try {
            inserted = images.insertCopy(id, me, source);
        } catch (DataAccessException e) {
            removeQuietly(copied);
            throw ApiProblem.unavailable("the database is unavailable; nothing was copied, try again shortly", e);
        }
        if (inserted.isEmpty()) {
            // A concurrent copy (or save of the same bytes) won the unique key: ours is the one to drop.
            removeQuietly(copied);
            return new Copy(images.findSameBytes(me, source.id()).orElseThrow(), false);
        }
        return new Copy(linked(me, inserted.get()), true);
    }

    /**
     * A ready copy brings its picture hash: linked now, it says whether I had this picture as another file. The
     * copy is kept already, so a failure here costs only that link.
     */
    private Image linked(UUID me, Image copy) {
        try {
            hashes.link(copy.id());
            return images.find(me, copy.id()).orElse(copy);
        } catch (DataAccessException e) {
            log.warn("image {} copied, but not linked to similar images: {}", copy.id(), e.getMessage());
            return copy;
        }
    }

    private void copyObject(List<String[]> copied, String bucket, String from, String to) {
        store.copy(bucket, from, to);
        copied.add(new String[] {bucket, to});
    }

    private void removeQuietly(List<String[]> copied) {
        for (String[] object : copied) {
            try {
                store.delete(object[0], object[1]);
            } catch (StorageUnavailableException e) {
                log.error("orphan copy {} left in S3: {}", object[1], e.getMessage());
            }
        }
    }
}

package dev.scrapbook.save;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import dev.scrapbook.events.EventPublisher;
import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.storage.StorageUnavailableException;
import dev.scrapbook.web.ApiProblem;

/**
 * Keeps an image's bytes: original to S3, then the row, then the image-saved event.
 *
 * <p>Guarantees, in order: the object is written before the row exists, and removed again if the row
 * can't be written, so no row points at nothing and no object is left without a row. Its key is recorded as in
 * flight before the put and forgotten after ({@link OriginalsInFlight}), so that even a save killed between the put
 * and the row leaves nothing behind for long: the reconcile pass deletes such an object ({@link AbandonedOriginals}). The row is its
 * own outbox: {@code event_sent_at} stays null until RabbitMQ confirms the event, and
 * {@link EventReconciler} publishes any such image again, so a broker outage delays a thumbnail but
 * never loses it.
 */
@Component
public class ImageSaver {

    private static final Logger log = LoggerFactory.getLogger(ImageSaver.class);

    private final ImageRepository images;
    private final ObjectStore store;
    private final StorageSettings buckets;
    private final EventPublisher events;
    private final SaveSettings settings;
    private final OriginalsInFlight inFlight;

    ImageSaver(ImageRepository images, ObjectStore store, StorageSettings buckets, EventPublisher events,
            SaveSettings settings, OriginalsInFlight inFlight) {
        this.images = images;
        this.store = store;
        this.buckets = buckets;
        this.events = events;
        this.settings = settings;
        this.inFlight = inFlight;
    }

    /** Where the bytes came from, as the client told us, and the image's title (an uploaded file's name). */
    public record Provenance(String sourceUrl, String pageUrl, String pageTitle, String alt, String title) {

        public Provenance(String sourceUrl, String pageUrl, String pageTitle, String alt) {
            this(sourceUrl, pageUrl, pageTitle, alt, null);
        }
    }

    /** The image, and whether this call created it (false: the owner had saved the same bytes before). */
    public record Saved(Image image, boolean created) {
    }

    /** What an import brings back beside the provenance: the owner's note and when the image was first saved. */
    public record Restored(String note, Instant savedAt) {

        static final Restored NOTHING = new Restored(null, null);
    }

    public Saved save(UUID ownerId, byte[] bytes, Provenance provenance) {
        return save(ownerId, bytes, provenance, Restored.NOTHING);
    }

    /** The same path for an imported image: its note and saved time go into the one insert, so a crash can't split them off. */
    public Saved save(UUID ownerId, byte[] bytes, Provenance provenance, Restored restored) {
        ImageFormat format = ImageFormat.checked(bytes, settings.maxPixels());
        byte[] sha256 = sha256(bytes);
        Optional<Image> existing = database(() -> images.findByOwnerAndSha256(ownerId, sha256));
        if (existing.isPresent()) {
            return new Saved(existing.get(), false);
        }
        UUID id = UUID.randomUUID();
        String key = StorageKeys.original(ownerId, id);
        database(() -> {
            inFlight.begin(key);
            return null;
        });
        try {
            store.put(buckets.originalsBucket(), key, bytes, format.contentType());
        } catch (StorageUnavailableException e) {
            inFlight.endQuietly(key);
            throw ApiProblem.unavailable("the image store is unavailable; nothing was saved, try again shortly", e);
        }
        NewImage row = new NewImage(ownerId, sha256, format.format(), format.width(), format.height(), bytes.length,
                provenance.sourceUrl(), provenance.pageUrl(), provenance.pageTitle(), provenance.alt(), provenance.title(),
                restored.note(), restored.savedAt());
        Optional<Image> inserted;
        try {
            inserted = images.insert(id, row);
        } catch (DataAccessException e) {
            deleteQuietly(key);
            throw ApiProblem.unavailable("the database is unavailable; nothing was saved, try again shortly", e);
        }
        if (inserted.isEmpty()) {
            // A concurrent save of the same bytes won the unique key: ours is the copy to drop.
            deleteQuietly(key);
            return new Saved(database(() -> images.findByOwnerAndSha256(ownerId, sha256)).orElseThrow(), false);
        }
        inFlight.endQuietly(key);
        log.info("image {} saved: {} {}x{}, {} bytes", id, format.format(), format.width(), format.height(), bytes.length);
        announce(id);
        return new Saved(inserted.get(), true);
    }

    /** After the row is committed; a failure here only delays the thumbnail (see the class comment). */
    void announce(UUID imageId) {
        if (events.publish(ImageSavedEvent.of(imageId), ImageSavedEvent.ROUTING_KEY)) {
            try {
                images.markEventSent(imageId);
            } catch (DataAccessException e) {
                log.warn("image {}: event sent but not recorded; the reconcile pass will send it again", imageId);
            }
        }
    }

    /** Removes an original that got no row; when S3 can't, its key stays in flight for the reconcile pass. */
    private void deleteQuietly(String key) {
        try {
            store.delete(buckets.originalsBucket(), key);
        } catch (StorageUnavailableException e) {
            log.warn("original {} without a row left in S3 for the reconcile pass: {}", key, e.getMessage());
            return;
        }
        inFlight.endQuietly(key);
    }

    private static <T> T database(Supplier<T> query) {
        try {
            return query.get();
        } catch (DataAccessException e) {
            throw ApiProblem.unavailable("the database is unavailable; try again shortly", e);
        }
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package dev.scrapbook.images;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.scrapbook.images.Image.Rendition;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;

/** An image as the API shows it (docs/openapi.yaml, schema Image), with presigned URLs for the browser. */
public record ImageView(
        UUID id,
        Image.Status status,
        String failureReason,
        String format,
        int width,
        int height,
        long bytes,
        String sourceUrl,
        String pageUrl,
        String pageTitle,
        String alt,
        Instant savedAt,
        String originalUrl,
        String thumbnailUrl,
        String previewUrl,
        Size thumbnail,
        Size preview) {

    /**
     * For the owner's own images: long enough for a browsing session, short enough that a leaked URL soon stops
     * working. What others are shown (a friend's share, which can be taken back) gets a shorter lifetime.
     */
    static final Duration URL_VALIDITY = Duration.ofHours(1);

    public record Size(int width, int height) {
        static Size of(Rendition rendition) {
            return rendition == null ? null : new Size(rendition.width(), rendition.height());
        }
    }

    public static ImageView of(Image image, ObjectStore store, StorageSettings buckets) {
        return of(image, store, buckets, URL_VALIDITY);
    }

    /** With presigned URLs that work for {@code validity} from now. */
    public static ImageView of(Image image, ObjectStore store, StorageSettings buckets, Duration validity) {
        boolean ready = image.status() == Image.Status.ready;
        return new ImageView(image.id(), image.status(), image.failureReason(), image.format(),
                image.width(), image.height(), image.bytes(),
                image.sourceUrl(), image.pageUrl(), image.pageTitle(), image.alt(), image.savedAt(),
                store.presignedGet(buckets.originalsBucket(), StorageKeys.original(image.ownerId(), image.id()), validity),
                ready ? store.presignedGet(buckets.thumbnailsBucket(),
                        StorageKeys.grid(image.ownerId(), image.id(), image.thumbnail().format()), validity) : null,
                ready ? store.presignedGet(buckets.thumbnailsBucket(),
                        StorageKeys.preview(image.ownerId(), image.id(), image.preview().format()), validity) : null,
                ready ? Size.of(image.thumbnail()) : null,
                ready ? Size.of(image.preview()) : null);
    }
}

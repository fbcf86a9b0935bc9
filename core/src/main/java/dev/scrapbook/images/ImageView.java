package dev.scrapbook.images;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.scrapbook.images.Image.Rendition;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;

/**
 * An image as the API shows it (docs/openapi.yaml, schema Image), with presigned URLs for the browser.
 *
 * <p>{@link #of} is the image as anyone it is shown to may see it (a friend it is shared with, a board's members):
 * without the owner's note and without {@code similarTo}, which names another of the owner's images. Only the
 * owner's own views ({@link ImageViews}) carry those.
 */
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
        String title,
        String note,
        Instant savedAt,
        String originalUrl,
        String thumbnailUrl,
        String previewUrl,
        Size thumbnail,
        Size preview,
        SimilarTo similarTo) {

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

    /** The owner's earlier image of the same picture: when it was saved, and its size, to offer keeping the larger. */
    public record SimilarTo(UUID id, Instant savedAt, int width, int height, long bytes) {
        static SimilarTo of(Image image) {
            return new SimilarTo(image.id(), image.savedAt(), image.width(), image.height(), image.bytes());
        }
    }

    /** The image as others may see it: no note, no {@code similarTo}. */
    public static ImageView of(Image image, ObjectStore store, StorageSettings buckets) {
        return view(image, null, null, store, buckets, URL_VALIDITY);
    }

    /** As others may see it, with presigned URLs that work for {@code validity} from now. */
    public static ImageView of(Image image, ObjectStore store, StorageSettings buckets, Duration validity) {
        return view(image, null, null, store, buckets, validity);
    }

    /** The owner's view: with the note, and with the earlier image {@code similar} (null when there is none). */
    static ImageView owned(Image image, Image similar, ObjectStore store, StorageSettings buckets) {
        return view(image, image.note(), similar == null ? null : SimilarTo.of(similar), store, buckets, URL_VALIDITY);
    }

    private static ImageView view(Image image, String note, SimilarTo similarTo, ObjectStore store, StorageSettings buckets,
            Duration validity) {
        boolean ready = image.status() == Image.Status.ready;
        return new ImageView(image.id(), image.status(), image.failureReason(), image.format(),
                image.width(), image.height(), image.bytes(),
                image.sourceUrl(), image.pageUrl(), image.pageTitle(), image.alt(), image.title(), note, image.savedAt(),
                store.presignedGet(buckets.originalsBucket(), StorageKeys.original(image.ownerId(), image.id()), validity),
                ready ? store.presignedGet(buckets.thumbnailsBucket(),
                        StorageKeys.grid(image.ownerId(), image.id(), image.thumbnail().format()), validity) : null,
                ready ? store.presignedGet(buckets.thumbnailsBucket(),
                        StorageKeys.preview(image.ownerId(), image.id(), image.preview().format()), validity) : null,
                ready ? Size.of(image.thumbnail()) : null,
                ready ? Size.of(image.preview()) : null,
                similarTo);
    }
}

package dev.scrapbook.images;

import java.time.Instant;
import java.util.UUID;

/**
 * One saved image, as its row says. Renditions are null until the thumbnail function made them; {@code similarTo}
 * is the owner's earlier image of the same picture, once the picture hash is known (see {@code ImageHashes}).
 */
public record Image(
        UUID id,
        UUID ownerId,
        Status status,
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
        Rendition thumbnail,
        Rendition preview,
        Instant savedAt,
        UUID similarTo) {

    public enum Status {
        pending, ready, failed
    }

    /** A resized copy: its size and encoding. */
    public record Rendition(int width, int height, String format) {
    }

    /**
     * What the save function knows before the row exists. {@code note} and {@code savedAt} are set only by an
     * import, which brings back an exported image's note and saved time in the same insert (null: no note, now).
     */
    public record NewImage(UUID ownerId, byte[] sha256, String format, int width, int height, long bytes,
            String sourceUrl, String pageUrl, String pageTitle, String alt, String title, String note, Instant savedAt) {

        public NewImage(UUID ownerId, byte[] sha256, String format, int width, int height, long bytes,
                String sourceUrl, String pageUrl, String pageTitle, String alt, String title) {
            this(ownerId, sha256, format, width, height, bytes, sourceUrl, pageUrl, pageTitle, alt, title, null, null);
        }

        /** An image without a title of its own. */
        public NewImage(UUID ownerId, byte[] sha256, String format, int width, int height, long bytes,
                String sourceUrl, String pageUrl, String pageTitle, String alt) {
            this(ownerId, sha256, format, width, height, bytes, sourceUrl, pageUrl, pageTitle, alt, null);
        }
    }
}

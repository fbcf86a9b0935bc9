package dev.scrapbook.images;

import java.time.Instant;
import java.util.UUID;

/** One saved image, as its row says. Renditions are null until the thumbnail function made them. */
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
        Rendition thumbnail,
        Rendition preview,
        Instant savedAt) {

    public enum Status {
        pending, ready, failed
    }

    /** A resized copy: its size and encoding. */
    public record Rendition(int width, int height, String format) {
    }

    /** What the save function knows before the row exists. */
    public record NewImage(UUID ownerId, byte[] sha256, String format, int width, int height, long bytes,
            String sourceUrl, String pageUrl, String pageTitle, String alt) {
    }
}

package dev.scrapbook.thumbnail.engine;

import java.util.List;

/**
 * Turns an original image into smaller encoded renditions, one per box.
 *
 * <p>An interface because a libvips engine (through the foreign-function API) is meant to sit
 * beside the pure-Java one; both must pass {@code ThumbnailEngineConformanceTest}.
 * Implementations are thread-safe.
 */
public interface ThumbnailEngine {

    /**
     * Renders {@code original} once per box, in the order of {@code boxes}.
     *
     * <p>Each rendition fits inside its box, keeps the displayed aspect ratio (EXIF orientation
     * applied) and is never larger than the original.
     *
     * @throws UndecodableImageException when the bytes are not an image this engine can read, or
     *     are one it refuses (too many pixels, truncated); retrying will not help
     */
    List<Rendition> render(byte[] original, List<Box> boxes) throws UndecodableImageException;

    /** A short name for logs and outcomes, such as {@code java}. */
    String name();
}

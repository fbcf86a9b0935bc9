package dev.scrapbook.thumbnail.engine;

/**
 * One encoded rendition. {@code format} is {@link #JPEG} or {@link #PNG}; the bytes are the
 * engine's own array, not copied, so callers should not change them.
 */
public record Rendition(int width, int height, String format, byte[] bytes) {

    public static final String JPEG = "jpeg";
    public static final String PNG = "png";

    /** The media type to store and serve the bytes with. */
    public String mediaType() {
        return "image/" + format;
    }

    @Override
    public String toString() {
        return "Rendition[%dx%d %s, %d bytes]".formatted(width, height, format, bytes.length);
    }
}

package dev.scrapbook.thumbnail.engine;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pure-Java engine: ImageIO with TwelveMonkeys' JPEG and WebP readers to decode,
 * Thumbnailator to resize.
 *
 * <p>The original is decoded once, subsampled while reading to no more than the largest box
 * needs (see {@link SourceSubsampling}); the largest rendition is made from that, and each
 * smaller one from the smallest rendition already made that covers it.
 *
 * <p>Output format: PNG when the image has at least one pixel that is not fully opaque (judged on
 * the largest rendition), so transparency survives; JPEG at quality 0.85 otherwise, including
 * RGBA images whose alpha is opaque throughout. All renditions of one original share the format.
 *
 * <p>Thread-safe: it holds no mutable state; every call uses its own readers and writers.
 */
public final class JavaThumbnailEngine implements ThumbnailEngine {

    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private final ImageDecoder decoder;

    public JavaThumbnailEngine() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** @param maxPixels originals with more pixels than this are refused from their header */
    public JavaThumbnailEngine(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, not " + maxPixels);
        }
        this.decoder = new ImageDecoder(maxPixels);
    }

    @Override
    public List<Rendition> render(byte[] original, List<Box> boxes) throws UndecodableImageException {
        Objects.requireNonNull(original, "original");
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("at least one box is needed");
        }
        DecodedImage decoded = decoder.decode(original, boxes);
        try {
            return renditions(decoded, boxes);
        } catch (RuntimeException e) {
            // A reader can hand back pixels in a layout Java2D then chokes on; that is the
            // original's fault as much as a corrupt header is, and retrying will not help.
            throw new UndecodableImageException("The image could not be resized (" + e + ").", e);
        }
    }

    @Override
    public String name() {
        return "java";
    }

    private static List<Rendition> renditions(DecodedImage decoded, List<Box> boxes) {
        int imageType = decoded.pixels().getColorModel().hasAlpha()
                ? BufferedImage.TYPE_INT_ARGB
                : BufferedImage.TYPE_INT_RGB;
        List<BufferedImage> made = new ArrayList<>();
        Map<Box, Rendition> byBox = new HashMap<>();
        String format = null;
        for (Box box : largestFirst(decoded.originalSize(), boxes)) {
            Size target = decoded.originalSize().fittedInto(box);
            BufferedImage image = smallestCovering(made, target)
                    .map(source -> Resizer.resize(source, ExifOrientation.NORMAL, target, imageType))
                    .orElseGet(() -> Resizer.resize(decoded.pixels(), decoded.orientation(), target, imageType));
            if (format == null) {
                format = TransparentPixels.hasTransparentPixel(image) ? Rendition.PNG : Rendition.JPEG;
            }
            made.add(image);
            byBox.put(box, new Rendition(image.getWidth(), image.getHeight(), format,
                    RenditionEncoder.encode(image, format)));
        }
        return boxes.stream().map(byBox::get).toList();
    }

    private static List<Box> largestFirst(Size original, List<Box> boxes) {
        return boxes.stream()
                .distinct()
                .sorted(Comparator.comparingLong((Box box) -> original.fittedInto(box).pixels()).reversed())
                .toList();
    }

    private static Optional<BufferedImage> smallestCovering(List<BufferedImage> made, Size target) {
        return made.stream()
                .filter(image -> new Size(image.getWidth(), image.getHeight()).covers(target))
                .min(Comparator.comparingLong(image -> (long) image.getWidth() * image.getHeight()));
    }
}

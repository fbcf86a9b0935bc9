package dev.scrapbook.thumbnail.engine;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import dev.scrapbook.images.JpegScans;

/**
 * Decodes the first frame of an original, refusing what should not be decoded, at no more
 * pixels than the largest box needs.
 */
final class ImageDecoder {

    /** What browsers show and people therefore save; anything else ImageIO happens to read is refused. */
    private static final Set<String> ACCEPTED_FORMATS = Set.of("jpeg", "png", "gif", "webp", "bmp");

    /**
     * libjpeg's words when entropy-coded data runs out before the last block: the JDK reader
     * only warns and paints the rest grey. A file missing nothing but its end marker warns
     * differently ("Missing EOI marker") and is complete, so it still renders.
     */
    private static final List<String> JPEG_DATA_MISSING_WARNINGS = List.of(
            "Corrupt JPEG data: premature end of data segment",
            "Premature end of JPEG file");

    static {
        TwelveMonkeysPlugins.register();
    }

    private final long maxPixels;

    ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    DecodedImage decode(byte[] original, List<Box> boxes) throws UndecodableImageException {
        if (original.length == 0) {
            throw new UndecodableImageException("The file is empty.");
        }
        // In memory on purpose: ImageIO.createImageInputStream would spill to a temporary file.
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(original))) {
            ImageReader reader = acceptedReader(input);
            try {
                reader.setInput(input, true, false);
                return read(reader, original, boxes);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new UndecodableImageException("The image data is corrupt (" + describe(e) + ").", e);
        }
    }

    private DecodedImage read(ImageReader reader, byte[] original, List<Box> boxes)
            throws IOException, UndecodableImageException {
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        Size stored = new Size(reader.getWidth(0), reader.getHeight(0));
        refuseOversized(stored);
        boolean jpeg = format.equals("jpeg");
        if (jpeg) {
            refuseScanBomb(original, stored);
        }
        ExifOrientation orientation = jpeg ? JpegExifOrientation.read(original) : ExifOrientation.NORMAL;
        Size upright = orientation.displayed(stored);
        Size largestNeeded = orientation.displayed(largestRendition(upright, boxes));

        ImageReadParam param = reader.getDefaultReadParam();
        int subsampling = SourceSubsampling.factor(stored, largestNeeded);
        if (subsampling > 1) {
            param.setSourceSubsampling(subsampling, subsampling, 0, 0);
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage pixels = reader.read(0, param);
        refuseTruncated(warnings);
        return new DecodedImage(pixels, orientation, upright);
    }

    private static ImageReader acceptedReader(ImageInputStream input) throws IOException, UndecodableImageException {
        String refusedFormat = null;
        for (Iterator<ImageReader> readers = ImageIO.getImageReaders(input); readers.hasNext(); ) {
            ImageReader reader = readers.next();
            String format = reader.getFormatName();
            if (ACCEPTED_FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
                return reader;
            }
            refusedFormat = format;
        }
        if (refusedFormat != null) {
            throw new UndecodableImageException("The image format " + refusedFormat + " is not supported.");
        }
        throw new UndecodableImageException(
                "The file is not an image in a supported format (JPEG, PNG, GIF, WebP, BMP).");
    }

    /** Checked from the header alone, so a decompression bomb never gets a raster allocated. */
    private void refuseOversized(Size stored) throws UndecodableImageException {
        if (stored.width() < 1 || stored.height() < 1) {
            throw new UndecodableImageException("The image declares no pixels (" + stored + ").");
        }
        if (stored.pixels() > maxPixels) {
            throw new UndecodableImageException("The image is %s, %d megapixels; the limit is %d megapixels."
                    .formatted(stored, stored.pixels() / 1_000_000, maxPixels / 1_000_000));
        }
    }

    /** Counted from the markers alone: the decoder would render the whole image once per scan. */
    private void refuseScanBomb(byte[] jpeg, Size stored) throws UndecodableImageException {
        Optional<String> refusal = JpegScans.refusal(jpeg, stored.width(), stored.height(), maxPixels);
        if (refusal.isPresent()) {
            throw new UndecodableImageException("Refused before decoding: " + refusal.get() + ".");
        }
    }

    /**
     * A truncated JPEG is refused rather than rendered: the decoder paints the missing part grey
     * without failing, and a half-grey thumbnail would look like our bug while hiding that the
     * stored original itself is broken. Refusing marks the image failed with a reason, the same
     * answer a truncated PNG gets from its decoder. The price: a progressive JPEG cut in its
     * last refinement scan, which would look nearly whole, is refused too.
     */
    private static void refuseTruncated(List<String> warnings) throws UndecodableImageException {
        if (warnings.stream().anyMatch(JPEG_DATA_MISSING_WARNINGS::contains)) {
            throw new UndecodableImageException(
                    "The image file is truncated or corrupt: its data ends before its last pixels.");
        }
    }

    /** Upright size of the largest rendition among the boxes, per axis. */
    private static Size largestRendition(Size upright, List<Box> boxes) {
        int width = 1;
        int height = 1;
        for (Box box : boxes) {
            Size fitted = upright.fittedInto(box);
            width = Math.max(width, fitted.width());
            height = Math.max(height, fitted.height());
        }
        return new Size(width, height);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}

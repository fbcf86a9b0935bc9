package dev.scrapbook.save;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.springframework.http.HttpStatus;

import dev.scrapbook.images.JpegScans;
import dev.scrapbook.web.ApiProblem;

/**
 * What an image is, decided from its bytes alone: ImageIO's readers recognise their format by magic
 * bytes, and the header gives the size without decoding a pixel (so a decompression bomb costs nothing).
 * A Content-Type is never trusted: an "image/jpeg" that is really HTML or SVG is refused.
 */
record ImageFormat(String format, int width, int height) {

    static final Set<String> ACCEPTED = Set.of("jpeg", "png", "gif", "webp");

    /**
     * The format of an image that is cheap enough to decode, or a 422: more than {@code maxPixels}, or a JPEG
     * with more scans than its size allows (see {@link JpegScans}), which would hold a thumbnail worker for
     * tens of seconds. Refused here, before anything is stored; the thumbnail engines check again.
     */
    static ImageFormat checked(byte[] bytes, long maxPixels) {
        ImageFormat format = of(bytes);
        if (format.pixels() > maxPixels) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "too-many-pixels", "the image is %dx%d; at most %d pixels are accepted"
                    .formatted(format.width(), format.height(), maxPixels));
        }
        if (format.format().equals("jpeg")) {
            JpegScans.refusal(bytes, format.width(), format.height(), maxPixels).ifPresent(reason -> {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "too-many-scans",
                        reason + ": each scan is a pass over the whole image");
            });
        }
        return format;
    }

    private static ImageFormat of(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            while (readers.hasNext()) {
                ImageReader reader = readers.next();
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (ACCEPTED.contains(format)) {
                    return readHeader(reader, in, format);
                }
                reader.dispose();
            }
        } catch (IOException e) {
            // falls through to the refusal below
        }
        throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "only JPEG, PNG, GIF and WebP images can be saved");
    }

    private static ImageFormat readHeader(ImageReader reader, ImageInputStream in, String format) {
        try {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            // A header may claim no pixels at all (the fuzzer found a WebP with width 0): nothing to keep.
            if (width < 1 || height < 1) {
                throw new IOException("a header of " + width + "x" + height + " pixels");
            }
            return new ImageFormat(format, width, height);
        } catch (IOException | RuntimeException e) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "the " + format.toUpperCase(Locale.ROOT) + " header could not be read: the file is damaged");
        } finally {
            reader.dispose();
        }
    }

    long pixels() {
        return (long) width * height;
    }

    String contentType() {
        return "image/" + format;
    }
}

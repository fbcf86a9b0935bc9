package dev.scrapbook.images;

import java.util.Optional;

/**
 * Counts the scans (SOS segments) of a JPEG without decoding it, and says how many a JPEG of a given size
 * may have. Shared by save-image, which refuses a scan bomb at save time, and the thumbnail engines, which
 * refuse it again for anything that was stored before or by another path.
 *
 * <p>Why: a progressive JPEG's decoder visits every block of the image once per scan (libjpeg-turbo's
 * jdphuff.c decodes each scan over all its blocks, holding the whole coefficient array; the JDK's decoder
 * also renders the full image after each scan), so its work is scans x pixels. A 352 KB greyscale JPEG of
 * 10000x10000 with 883 scans (one per AC coefficient and bit) kept libvips busy for 18 CPU-seconds where
 * the same frame with 6 scans took 1.9. Neither bound alone is right: scans alone would refuse a harmless
 * small image with a hundred scans, pixels alone are already capped and let the 883 scans through.
 *
 * <p>The rule: at most {@link #PASSES_AT_PIXEL_LIMIT} scans at the pixel limit, proportionally more for
 * smaller images, and never more than {@link #MAX_SCANS}. libjpeg's own progressive script writes 6 scans
 * for greyscale, 10 for YCbCr and 18 for CMYK (jcparam.c, jpeg_simple_progression, libjpeg-turbo 2.1.5), so
 * no encoder's output is refused, and no accepted JPEG costs more than about twice the largest ordinary one.
 * The absolute cap is there because each scan also has a fixed cost that doesn't shrink with the image (the
 * JDK's decoder spent 0.67 CPU-seconds on 200,000 scans of one 8x8 block; 25 MB holds two million); 500 is
 * libjpeg-turbo's own "unreasonably large number of scans" (TJFLAG_LIMITSCANS, src/turbojpeg.c at 3.1.0).
 */
public final class JpegScans {

    public static final int MAX_SCANS = 500;
    public static final int PASSES_AT_PIXEL_LIMIT = 20;

    private static final int START_OF_SCAN = 0xDA;
    private static final int END_OF_IMAGE = 0xD9;

    private JpegScans() {
    }

    /** Why decoding this JPEG would cost too much, as a phrase a person can read; empty when it would not. */
    public static Optional<String> refusal(byte[] jpeg, int width, int height, long maxPixels) {
        int scans = count(jpeg);
        long allowed = maxScans((long) width * height, maxPixels);
        if (scans <= allowed) {
            return Optional.empty();
        }
        return Optional.of("the JPEG has %d scans; at %dx%d at most %d are accepted".formatted(scans, width, height, allowed));
    }

    /** The most scans a JPEG of {@code pixels} pixels may have, when {@code maxPixels} is the largest accepted. */
    public static long maxScans(long pixels, long maxPixels) {
        return Math.min(MAX_SCANS, PASSES_AT_PIXEL_LIMIT * maxPixels / Math.max(1, pixels));
    }

    /** Walks marker segments, skipping their payloads, and entropy-coded data byte by byte. */
    public static int count(byte[] jpeg) {
        int scans = 0;
        int position = 2;
        while (position + 1 < jpeg.length) {
            if ((jpeg[position] & 0xFF) != 0xFF) {
                position++;
                continue;
            }
            int marker = jpeg[position + 1] & 0xFF;
            if (marker == END_OF_IMAGE) {
                break;
            }
            if (marker == 0xFF) {
                position++;
            } else if (hasNoPayload(marker)) {
                position += 2;
            } else {
                if (marker == START_OF_SCAN) {
                    scans++;
                }
                position += 2 + payloadLength(jpeg, position);
            }
        }
        return scans;
    }

    /** A stuffed zero inside entropy data, a restart marker, SOI or TEM. */
    private static boolean hasNoPayload(int marker) {
        return marker == 0x00 || marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7);
    }

    private static int payloadLength(byte[] jpeg, int position) {
        if (position + 3 >= jpeg.length) {
            return jpeg.length;
        }
        return Math.max(2, ((jpeg[position + 2] & 0xFF) << 8) | (jpeg[position + 3] & 0xFF));
    }
}

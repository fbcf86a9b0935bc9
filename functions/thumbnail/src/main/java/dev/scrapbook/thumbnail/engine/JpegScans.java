package dev.scrapbook.thumbnail.engine;

/**
 * Counts the scans (SOS segments) of a JPEG without decoding it.
 *
 * <p>Why: the JDK decoder renders the whole image once per scan of a progressive JPEG, so a
 * small file with hundreds of tiny scans keeps a thread busy for minutes. Encoders write about
 * 10 (libjpeg, mozjpeg) or fewer (Photoshop); {@link #MAX_SCANS} leaves room for odd ones.
 */
final class JpegScans {

    static final int MAX_SCANS = 50;

    private static final int START_OF_SCAN = 0xDA;
    private static final int END_OF_IMAGE = 0xD9;

    private JpegScans() {
    }

    /** Walks marker segments, skipping their payloads, and entropy-coded data byte by byte. */
    static int count(byte[] jpeg) {
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

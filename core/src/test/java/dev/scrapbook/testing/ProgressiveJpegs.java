package dev.scrapbook.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Progressive greyscale JPEGs of a flat mid-grey, written by hand with a scan script of our choosing: the
 * way to build a scan bomb (many scans, few bytes, a big frame) in a test instead of committing one.
 *
 * <p>The script is the longest valid progression of one component: a DC scan, then every AC coefficient
 * (1 to 63) alone at point transform 13, then refined one bit at a time down to 0. That is 1 + 63 x 14 = 883
 * scans; a prefix of it is valid too, and scans beyond 883 repeat the last refinement (a progression
 * libjpeg only warns about). All AC coefficients are zero, so every AC scan is a few end-of-band runs
 * (about 100 bytes for a 10000x10000 frame) while a decoder still visits every block in every scan.
 */
public final class ProgressiveJpegs {

    /** Scans of the longest valid progression of one 8-bit component. */
    public static final int MAX_VALID_SCANS = 1 + 63 * 14;

    private static final int LONGEST_END_OF_BAND_RUN = 32_767;

    private ProgressiveJpegs() {
    }

    /** A valid (up to {@link #MAX_VALID_SCANS} scans) progressive greyscale JPEG with {@code scans} scans. */
    public static byte[] greyscale(int width, int height, int scans) {
        return write(width, height, scans, true);
    }

    /**
     * The same headers and scan headers with no entropy-coded data at all: only a decoder that stops before
     * the scan data can say anything about this file other than that its data is missing.
     */
    public static byte[] greyscaleWithoutScanData(int width, int height, int scans) {
        return write(width, height, scans, false);
    }

    private static byte[] write(int width, int height, int scans, boolean withData) {
        if (scans < 1 || width < 1 || height < 1 || width > 65_535 || height > 65_535) {
            throw new IllegalArgumentException("a JPEG of %dx%d with %d scans".formatted(width, height, scans));
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        marker(jpeg, 0xD8);
        segment(jpeg, 0xDB, quantisationTable());
        segment(jpeg, 0xC2, new byte[] {8, (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width,
                1, 1, 0x11, 0});
        // DC: one code ("0") for a difference of 0. AC: the 15 end-of-band runs EOB0..EOB14, 4-bit codes 0..14.
        segment(jpeg, 0xC4, huffmanTable(0x00, 1, new int[] {0x00}));
        int[] endOfBandRuns = new int[15];
        for (int r = 0; r < endOfBandRuns.length; r++) {
            endOfBandRuns[r] = r << 4;
        }
        segment(jpeg, 0xC4, huffmanTable(0x10, 4, endOfBandRuns));
        long blocks = (long) ((width + 7) / 8) * ((height + 7) / 8);
        for (Scan scan : script(scans)) {
            segment(jpeg, 0xDA, new byte[] {1, 1, 0x00, (byte) scan.start(), (byte) scan.end(),
                    (byte) ((scan.high() << 4) | scan.low())});
            if (withData) {
                jpeg.writeBytes(scan.start() == 0 ? dcData(blocks) : acData(blocks));
            }
        }
        marker(jpeg, 0xD9);
        return jpeg.toByteArray();
    }

    /** Spectral band start..end, successive approximation bit positions high (Ah) and low (Al). */
    private record Scan(int start, int end, int high, int low) {
    }

    private static List<Scan> script(int scans) {
        List<Scan> script = new ArrayList<>(List.of(new Scan(0, 0, 0, 0)));
        for (int low = 13; low >= 0 && script.size() < scans; low--) {
            for (int k = 1; k <= 63 && script.size() < scans; k++) {
                script.add(new Scan(k, k, low == 13 ? 0 : low + 1, low));
            }
        }
        while (script.size() < scans) {
            script.add(new Scan(63, 63, 1, 0));
        }
        return script;
    }

    /** Every DC difference is 0 (level-shifted mid-grey): one "0" bit per block. */
    private static byte[] dcData(long blocks) {
        BitWriter bits = new BitWriter();
        for (long b = 0; b < blocks; b++) {
            bits.write(0, 1);
        }
        return bits.finish();
    }

    /** Every block ends its band at once: end-of-band runs of up to 32767 blocks (EOBr + r extra bits). */
    private static byte[] acData(long blocks) {
        BitWriter bits = new BitWriter();
        for (long left = blocks; left > 0; ) {
            int run = (int) Math.min(left, LONGEST_END_OF_BAND_RUN);
            int r = 31 - Integer.numberOfLeadingZeros(run);
            bits.write(r, 4);
            bits.write(run - (1 << r), r);
            left -= run;
        }
        return bits.finish();
    }

    private static byte[] quantisationTable() {
        byte[] table = new byte[65];
        Arrays.fill(table, 1, 65, (byte) 1);
        return table;
    }

    /** A table whose symbols all have codes of one length, assigned in order (canonical Huffman). */
    private static byte[] huffmanTable(int classAndId, int codeLength, int[] symbols) {
        byte[] table = new byte[17 + symbols.length];
        table[0] = (byte) classAndId;
        table[codeLength] = (byte) symbols.length;
        for (int i = 0; i < symbols.length; i++) {
            table[17 + i] = (byte) symbols[i];
        }
        return table;
    }

    private static void marker(ByteArrayOutputStream out, int marker) {
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) marker});
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
        marker(out, marker);
        int length = payload.length + 2;
        out.writeBytes(new byte[] {(byte) (length >> 8), (byte) length});
        out.writeBytes(payload);
    }

    /** Entropy-coded bytes: most significant bit first, a 0x00 stuffed after every 0xFF, padded with 1 bits. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        void write(int value, int length) {
            for (int i = length - 1; i >= 0; i--) {
                current = (current << 1) | ((value >> i) & 1);
                if (++used == 8) {
                    emit();
                }
            }
        }

        byte[] finish() {
            while (used != 0) {
                write(1, 1);
            }
            return out.toByteArray();
        }

        private void emit() {
            out.write(current);
            if (current == 0xFF) {
                out.write(0);
            }
            current = 0;
            used = 0;
        }
    }
}

package dev.scrapbook.save.importing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Inflates the current entry of a zip read as a stream, under three bounds checked while inflating, never after:
 * the entry's size (at most {@code maxEntryBytes} are kept; a larger entry is read past, discarding), its ratio of
 * inflated to compressed bytes, and the inflated total of the archive. Passing either of the last two means a zip
 * bomb: reading past such an entry would itself be the attack (a 1 GB deflate stream inflates to a terabyte), so the
 * archive is read no further ({@link ArchiveStopped}).
 */
final class EntryReader {

    /** ZipInputStream reads ahead of the inflater by up to its 512-byte buffer: never call that little a bomb. */
    private static final long SLACK = 1024;
    /** Below this, a ratio says nothing (an empty PNG's 100 bytes may inflate from 20). */
    private static final long RATIO_FROM = 1024 * 1024;

    /** The archive can't be read further; the reason is reported for the entry where it happened. */
    static final class ArchiveStopped extends Exception {
        final String type;

        ArchiveStopped(String type, String detail) {
            super(detail, null, false, false);
            this.type = type;
        }
    }

    /** The entry inflated to more than the limit; it was read past. */
    static final class EntryTooLarge extends Exception {
        EntryTooLarge(long max) {
            super("the entry inflates to more than %d MB, the largest image that can be saved".formatted(max / (1024 * 1024)),
                    null, false, false);
        }
    }

    private final ZipInputStream zip;
    private final CountingInput body;
    private final int maxRatio;
    private final long maxInflatedTotal;
    private final byte[] buffer = new byte[64 * 1024];
    private long inflatedTotal;

    EntryReader(ZipInputStream zip, CountingInput body, int maxRatio, long maxInflatedTotal) {
        this.zip = zip;
        this.body = body;
        this.maxRatio = maxRatio;
        this.maxInflatedTotal = maxInflatedTotal;
    }

    /** The current entry's bytes, at most {@code max} of them. */
    byte[] read(long max) throws IOException, ArchiveStopped, EntryTooLarge {
        long compressedStart = body.count();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long inflated = 0;
        for (int n; (n = zip.read(buffer)) > 0;) {
            inflated += n;
            check(n, inflated, body.count() - compressedStart);
            if (inflated <= max) {
                kept.write(buffer, 0, n);
            }
        }
        if (inflated > max) {
            throw new EntryTooLarge(max);
        }
        return kept.toByteArray();
    }

    /** The current entry as a stream (for the manifest's parser, which bounds its own size), under the same checks. */
    InputStream stream() {
        long compressedStart = body.count();
        return new InputStream() {
            private long inflated;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = zip.read(b, off, len);
                if (n > 0) {
                    inflated += n;
                    try {
                        check(n, inflated, body.count() - compressedStart);
                    } catch (ArchiveStopped stopped) {
                        throw new IOException(stopped.getMessage(), stopped);
                    }
                }
                return n;
            }
        };
    }

    /**
     * Reads past what is left of the current entry under the same checks. Every entry goes through here before the
     * next: ZipInputStream.getNextEntry would otherwise inflate the rest unchecked, so a bomb in an entry that is
     * refused by name, a directory, or a manifest refused halfway would still be inflated in full.
     */
    void skipRest() throws IOException, ArchiveStopped {
        long compressedStart = body.count();
        long inflated = 0;
        try {
            for (int n; (n = zip.read(buffer)) > 0;) {
                inflated += n;
                check(n, inflated, body.count() - compressedStart);
            }
        } catch (ZipException e) {
            throw new ArchiveStopped("damaged-archive", "the entry is damaged (" + e.getMessage() + "); the archive was read no further");
        }
    }

    private void check(int more, long inflated, long compressed) throws ArchiveStopped {
        inflatedTotal += more;
        if (inflated > RATIO_FROM && inflated > maxRatio * (compressed + SLACK)) {
            throw new ArchiveStopped("zip-bomb", "the entry inflates more than %d times its compressed size: a zip bomb; the archive was read no further"
                    .formatted(maxRatio));
        }
        if (inflatedTotal > maxInflatedTotal) {
            throw new ArchiveStopped("zip-bomb", "the archive inflates to more than %d MB in all; it was read no further"
                    .formatted(maxInflatedTotal / (1024 * 1024)));
        }
    }
}

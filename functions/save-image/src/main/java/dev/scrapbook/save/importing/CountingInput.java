package dev.scrapbook.save.importing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts what is read and stops at a limit: around the request body (the compressed bytes give each entry's
 * inflation ratio; a body without a Content-Length is cut where one with it would have been refused) and around
 * the manifest.
 */
final class CountingInput extends FilterInputStream {

    /** More bytes than the limit were read. */
    static final class OverLimit extends IOException {
        OverLimit() {
            super("more bytes than the limit");
        }
    }

    private final long limit;
    private long count;

    CountingInput(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        counted(skipped);
        return skipped;
    }

    private void counted(long n) throws OverLimit {
        count += n;
        if (count > limit) {
            throw new OverLimit();
        }
    }
}

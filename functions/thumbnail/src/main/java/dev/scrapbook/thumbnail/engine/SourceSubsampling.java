package dev.scrapbook.thumbnail.engine;

/**
 * How many stored pixels to step over per decoded pixel, so that the decoded image is no bigger
 * than the largest rendition needs.
 *
 * <p>What it buys: the reader hands over (and allocates) only every n-th pixel of every n-th
 * row, so the raster, the Java-side pixel copying and the high-quality resize that follows all
 * shrink by n squared; a 24-megapixel photo decodes to about 3 megapixels for a 1600 px preview.
 * Its limits: the JDK's JPEG decoder still runs the IDCT and colour conversion on every line
 * (once per scan for progressive JPEGs) because it has no shrink-on-load, so JPEG decoding stays
 * slower than libjpeg-turbo's scaled decoding; and picking pixels is point sampling, so fine
 * patterns can alias a little before the resize smooths them. The factor is rounded down so the
 * decoded image never drops below the target, leaving the final reduction to Thumbnailator.
 */
final class SourceSubsampling {

    private SourceSubsampling() {
    }

    /** floor(min(stored width / target width, stored height / target height)), at least 1. */
    static int factor(Size stored, Size target) {
        int horizontal = stored.width() / target.width();
        int vertical = stored.height() / target.height();
        return Math.max(1, Math.min(horizontal, vertical));
    }
}

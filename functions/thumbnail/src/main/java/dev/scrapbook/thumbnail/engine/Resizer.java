package dev.scrapbook.thumbnail.engine;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;

import net.coobird.thumbnailator.Thumbnails;

/** Scales with Thumbnailator's high-quality resizers, then turns the result upright. */
final class Resizer {

    private Resizer() {
    }

    /**
     * {@code stored} scaled so that, once {@code orientation} is applied, it is exactly
     * {@code uprightTarget}. Orienting after scaling turns the fewest pixels.
     *
     * @param imageType {@code TYPE_INT_RGB} or {@code TYPE_INT_ARGB}
     */
    static BufferedImage resize(BufferedImage stored, ExifOrientation orientation, Size uprightTarget, int imageType) {
        Size target = orientation.displayed(uprightTarget);
        try {
            BufferedImage scaled = Thumbnails.of(stored)
                    .forceSize(target.width(), target.height())
                    .imageType(imageType)
                    .asBufferedImage();
            return orientation.applyTo(scaled);
        } catch (IOException e) {
            throw new UncheckedIOException("resizing in memory failed", e);
        }
    }
}

package dev.scrapbook.thumbnail.engine;

import java.awt.image.BufferedImage;

/** Whether an image really uses its alpha channel: many PNGs carry one that is opaque throughout. */
final class TransparentPixels {

    private TransparentPixels() {
    }

    /** @param image {@code TYPE_INT_RGB} or {@code TYPE_INT_ARGB} */
    static boolean hasTransparentPixel(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_ARGB) {
            return false;
        }
        int[] pixels = (int[]) image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), null);
        for (int argb : pixels) {
            if (argb >>> 24 != 0xFF) {
                return true;
            }
        }
        return false;
    }
}

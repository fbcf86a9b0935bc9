package dev.scrapbook.thumbnail.engine;

import java.awt.image.BufferedImage;

/**
 * Pixels as stored in the file (possibly subsampled), the orientation that turns them upright,
 * and the upright size of the full original.
 */
record DecodedImage(BufferedImage pixels, ExifOrientation orientation, Size originalSize) {
}

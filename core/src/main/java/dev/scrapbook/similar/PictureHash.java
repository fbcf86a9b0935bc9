package dev.scrapbook.similar;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

import javax.imageio.ImageIO;

/**
 * What tells two files of one picture (re-encoded, resized, another format) from two pictures: a 64-bit difference
 * hash (dHash) of the picture's layout of light and dark, and its mean colour. Computed from the grid thumbnail's
 * pixels, so every engine and the backfill hash the same stored bytes.
 *
 * <p>Exactly: transparent pixels are first laid over white, as a page shows them. The difference hash takes each
 * pixel's BT.601 luma, {@code (299 R + 587 G + 114 B) / 1000} on the 8-bit sRGB values; shrinks the image to 9 x 8
 * cells with a box filter (each cell the area-weighted mean of the pixels under it, the aspect ratio given up); and
 * sets one bit per pair of neighbours in a row, when the left cell is darker than the right one. Rows top to
 * bottom, pairs left to right, the first pair in the most significant bit: the layout of Python
 * {@code imagehash.dhash}'s hex string. The mean colour is the mean of each sRGB channel over all pixels, packed as
 * {@code 0xRRGGBB}.
 *
 * <p>Why the colour: a 9 x 8 layout is coarse, and many different pictures share one (a bright middle and dark
 * edges, say). bench/similar measured precision 0.59 for the hash alone at its best threshold, 0.99 with the colour
 * check added, for the same recall.
 */
public record PictureHash(long difference, int color) {

    static final int COLUMNS = 9;
    static final int ROWS = 8;

    /** The hash of an encoded image (JPEG, PNG, or what else ImageIO reads); empty when it can't be decoded. */
    public static Optional<PictureHash> of(byte[] encoded) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            return image == null || image.getWidth() == 0 ? Optional.empty() : Optional.of(of(image));
        } catch (IOException | RuntimeException e) {
            // ImageIO's readers throw unchecked exceptions on some malformed input too.
            return Optional.empty();
        }
    }

    public static PictureHash of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        double[] luma = new double[argb.length];
        double[] sums = new double[3];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            double alpha = (p >>> 24) / 255.0;
            double red = over(p >> 16 & 0xFF, alpha);
            double green = over(p >> 8 & 0xFF, alpha);
            double blue = over(p & 0xFF, alpha);
            sums[0] += red;
            sums[1] += green;
            sums[2] += blue;
            luma[i] = (299 * red + 587 * green + 114 * blue) / 1000;
        }
        double[][] cells = shrink(luma, width, height);
        long difference = 0;
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < COLUMNS - 1; x++) {
                difference = difference << 1 | (cells[y][x] < cells[y][x + 1] ? 1 : 0);
            }
        }
        int color = 0;
        for (double sum : sums) {
            color = color << 8 | (int) Math.round(sum / argb.length);
        }
        return new PictureHash(difference, color);
    }

    /** How many of the 64 difference bits differ. */
    public int distance(PictureHash other) {
        return Long.bitCount(difference ^ other.difference);
    }

    /** The largest difference of one channel of the mean colours, 0 to 255. */
    public int colorStep(PictureHash other) {
        int step = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            step = Math.max(step, Math.abs((color >> shift & 0xFF) - (other.color >> shift & 0xFF)));
        }
        return step;
    }

    private static double over(int channel, double alpha) {
        return channel * alpha + 255 * (1 - alpha);
    }

    /** Box filter to COLUMNS x ROWS: a cell averages the pixels under it, pixels cut by its edge by their share. */
    private static double[][] shrink(double[] luma, int width, int height) {
        double[][] cells = new double[ROWS][COLUMNS];
        double cellWidth = (double) width / COLUMNS;
        double cellHeight = (double) height / ROWS;
        for (int row = 0; row < ROWS; row++) {
            double top = row * cellHeight;
            double bottom = top + cellHeight;
            for (int column = 0; column < COLUMNS; column++) {
                double left = column * cellWidth;
                double right = left + cellWidth;
                double sum = 0;
                for (int y = (int) top; y < Math.min(height, Math.ceil(bottom)); y++) {
                    double h = Math.min(bottom, y + 1) - Math.max(top, y);
                    for (int x = (int) left; x < Math.min(width, Math.ceil(right)); x++) {
                        double w = Math.min(right, x + 1) - Math.max(left, x);
                        sum += luma[y * width + x] * w * h;
                    }
                }
                cells[row][column] = sum / (cellWidth * cellHeight);
            }
        }
        return cells;
    }
}

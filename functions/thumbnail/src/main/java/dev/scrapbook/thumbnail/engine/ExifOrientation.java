package dev.scrapbook.thumbnail.engine;

import java.awt.image.BufferedImage;

/**
 * The eight EXIF orientations: how the stored pixels must be turned to be displayed upright.
 *
 * <p>Each is a transpose (swap of axes) followed by optional flips of the stored columns and
 * rows, which makes every case one loop of index arithmetic instead of eight drawing transforms.
 */
enum ExifOrientation {
    NORMAL(false, false, false),
    MIRROR_HORIZONTAL(false, true, false),
    ROTATE_180(false, true, true),
    MIRROR_VERTICAL(false, false, true),
    TRANSPOSE(true, false, false),
    ROTATE_90_CLOCKWISE(true, false, true),
    TRANSVERSE(true, true, true),
    ROTATE_90_COUNTERCLOCKWISE(true, true, false);

    private final boolean transposes;
    private final boolean flipsColumns;
    private final boolean flipsRows;

    ExifOrientation(boolean transposes, boolean flipsColumns, boolean flipsRows) {
        this.transposes = transposes;
        this.flipsColumns = flipsColumns;
        this.flipsRows = flipsRows;
    }

    /** The orientation for an EXIF tag value; values outside 1-8 are treated as upright. */
    static ExifOrientation ofTagValue(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
    }

    /** The displayed size of an image stored at {@code stored}; also maps displayed back to stored. */
    Size displayed(Size stored) {
        return transposes ? stored.transposed() : stored;
    }

    /**
     * The upright image. {@code stored} must be {@code TYPE_INT_RGB} or {@code TYPE_INT_ARGB};
     * the result has the same type.
     */
    BufferedImage applyTo(BufferedImage stored) {
        if (this == NORMAL) {
            return stored;
        }
        int storedWidth = stored.getWidth();
        int storedHeight = stored.getHeight();
        int[] from = (int[]) stored.getRaster().getDataElements(0, 0, storedWidth, storedHeight, null);
        Size upright = displayed(new Size(storedWidth, storedHeight));
        int[] to = new int[from.length];
        for (int y = 0; y < upright.height(); y++) {
            for (int x = 0; x < upright.width(); x++) {
                int column = transposes ? y : x;
                int row = transposes ? x : y;
                if (flipsColumns) {
                    column = storedWidth - 1 - column;
                }
                if (flipsRows) {
                    row = storedHeight - 1 - row;
                }
                to[y * upright.width() + x] = from[row * storedWidth + column];
            }
        }
        BufferedImage result = new BufferedImage(upright.width(), upright.height(), stored.getType());
        result.getRaster().setDataElements(0, 0, upright.width(), upright.height(), to);
        return result;
    }
}

package dev.scrapbook.thumbnail.engine;

/** A width and height in pixels. */
record Size(int width, int height) {

    /** The largest size with this aspect ratio that fits {@code box}; never larger than this one. */
    Size fittedInto(Box box) {
        if (width <= box.maxWidth() && height <= box.maxHeight()) {
            return this;
        }
        double scale = Math.min((double) box.maxWidth() / width, (double) box.maxHeight() / height);
        return new Size(scaled(width, scale, box.maxWidth()), scaled(height, scale, box.maxHeight()));
    }

    Size transposed() {
        return new Size(height, width);
    }

    boolean covers(Size other) {
        return width >= other.width && height >= other.height;
    }

    long pixels() {
        return (long) width * height;
    }

    private static int scaled(int length, double scale, int limit) {
        return (int) Math.clamp(Math.round(length * scale), 1, limit);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}

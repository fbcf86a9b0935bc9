package dev.scrapbook.thumbnail.engine;

/** The largest width and height a rendition may have. */
public record Box(int maxWidth, int maxHeight) {

    public Box {
        if (maxWidth < 1 || maxHeight < 1) {
            throw new IllegalArgumentException("a box needs a positive size, not " + maxWidth + "x" + maxHeight);
        }
    }
}

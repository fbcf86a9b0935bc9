package dev.scrapbook.archive;

/**
 * The export archive's contract, for the gallery that writes it and save-image that reads it back: the manifest's
 * name and the version of its JSON. The manifest is the archive's FIRST entry, so that an importer reading the zip
 * as a stream (entry by entry, without the central directory) knows each image's metadata before its bytes arrive.
 * Originals sit under {@link #IMAGES}; their manifest entries name them by {@code file} and {@code sha256}.
 */
public final class ScrapbookArchive {

    public static final String MANIFEST = "scrapbook.json";
    public static final String IMAGES = "images/";
    public static final String FORMAT = "scrapbook-export";
    public static final int VERSION = 1;

    private ScrapbookArchive() {
    }
}

package dev.scrapbook.save.importing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.scrapbook.archive.ScrapbookArchive;

/**
 * An export's {@code scrapbook.json} as far as an import uses it: each image's metadata by SHA-256 (the bytes decide
 * which entry an image is, not its file name, so a renamed file still finds its metadata) and the boards. Fields it
 * does not know are ignored, so a later export's extra fields do not stop an import here.
 */
record Manifest(Map<String, ImageMeta> bySha256, List<BoardMeta> boards) {

    static final Manifest NONE = new Manifest(Map.of(), List.of());

    record ImageMeta(String file, String sha256, String title, String note, Instant savedAt, String sourceUrl,
            String pageUrl, String pageTitle, String alt) {
    }

    record BoardMeta(String name, String description, List<String> images) {
    }

    private record Document(String format, Integer version, List<ImageMeta> images, List<BoardMeta> boards) {
    }

    private static final ObjectReader READER = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readerFor(Document.class);

    /** The manifest, or an IllegalArgumentException saying why it can't be used. */
    static Manifest read(InputStream json) throws IOException {
        Document document;
        try {
            document = READER.readValue(json);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("scrapbook.json is not valid JSON of an export: " + e.getOriginalMessage());
        }
        if (document == null || !ScrapbookArchive.FORMAT.equals(document.format())) {
            throw new IllegalArgumentException("scrapbook.json is not an Image Scrapbook export (format is not \""
                    + ScrapbookArchive.FORMAT + "\")");
        }
        if (document.version() == null || document.version() > ScrapbookArchive.VERSION) {
            throw new IllegalArgumentException("scrapbook.json is of version " + document.version()
                    + "; this server reads version " + ScrapbookArchive.VERSION);
        }
        Map<String, ImageMeta> bySha = new HashMap<>();
        for (ImageMeta image : document.images() == null ? List.<ImageMeta>of() : document.images()) {
            if (image != null && image.sha256() != null) {
                bySha.putIfAbsent(image.sha256().toLowerCase(Locale.ROOT), image);
            }
        }
        List<BoardMeta> boards = document.boards() == null ? List.of()
                : document.boards().stream().filter(b -> b != null && b.name() != null).toList();
        return new Manifest(bySha, boards);
    }

    ImageMeta find(String sha256Hex) {
        return bySha256.get(sha256Hex);
    }
}

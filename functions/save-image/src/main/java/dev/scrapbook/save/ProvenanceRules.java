package dev.scrapbook.save;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.scrapbook.save.ImageSaver.Provenance;
import dev.scrapbook.web.ApiProblem;

/**
 * What the client may tell us about where an image came from (absolute http(s) URLs and short texts), and the
 * image's title: the one given, else an uploaded file's name.
 */
public final class ProvenanceRules {

    static final int MAX_URL = 2048;
    static final int MAX_TEXT = 512;

    private ProvenanceRules() {
    }

    public static Provenance check(String sourceUrl, String pageUrl, String pageTitle, String alt, String title, String filename) {
        String named = text("title", title);
        return new Provenance(text(url("sourceUrl", sourceUrl)), text(url("pageUrl", pageUrl)),
                text("pageTitle", pageTitle), text("alt", alt), named != null ? named : text("filename", baseName(filename)));
    }

    /** Browsers send a file's bare name, but some tools send a path: the title is its last part. */
    private static String baseName(String filename) {
        return filename == null ? null : filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.badRequest(field + " is required");
        }
        if (value.length() > MAX_URL) {
            throw ApiProblem.badRequest(field + " is longer than " + MAX_URL + " characters");
        }
        return value.strip();
    }

    private static URI url(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        required(field, value);
        refuseNul(field, value);
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw ApiProblem.badRequest(field + " must be an absolute http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw ApiProblem.badRequest(field + " is not a valid URL");
        }
    }

    /** PostgreSQL text can't hold U+0000; refused here it is a 400, not a failed insert. */
    public static void refuseNul(String field, String value) {
        if (value.indexOf('\u0000') >= 0) {
            throw ApiProblem.badRequest(field + " must not contain a NUL character");
        }
    }

    private static String text(URI uri) {
        return uri == null ? null : uri.toString();
    }

    private static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw ApiProblem.badRequest(field + " is longer than " + MAX_TEXT + " characters");
        }
        refuseNul(field, value);
        return value.strip();
    }
}

package dev.scrapbook.share.links;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

import dev.scrapbook.images.Image;

/**
 * The HTML of the public link pages, one picture's or one board's: a document with no script at all, every
 * value escaped, kept out of search engines and Referer headers.
 */
final class LinkHtml {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private LinkHtml() {
    }

    static ResponseEntity<String> html(HttpStatus status, String document) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noStore()).header("X-Robots-Tag", "noindex, nofollow")
                .body(document);
    }

    static ResponseEntity<String> gone(HttpStatus status, String heading, String text) {
        return html(status, document(heading, "", "<h1>" + heading + "</h1><p>" + text + "</p>"));
    }

    static ResponseEntity<String> tooManyTries(long retryAfterSeconds) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
                .contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore())
                .body(document("Too many tries", "", "<h1>Too many tries</h1><p>Please wait a few minutes and try again.</p>"));
    }

    /** Private links stay out of search engines, and the token out of Referer headers. */
    static String document(String title, String head, String body) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex, nofollow">
                <meta name="referrer" content="no-referrer">
                <title>%s · Image Scrapbook</title>
                %s<link rel="stylesheet" href="/share-page.css">
                </head>
                <body>
                <main class="shared">
                %s
                </main>
                <footer>Shared with <a href="/">Image Scrapbook</a></footer>
                </body>
                </html>
                """.formatted(escape(title), head, body);
    }

    static String meta(String attribute, String name, String content) {
        return "<meta " + attribute + "=\"" + name + "\" content=\"" + escape(content) + "\">\n";
    }

    /** The URL if it is http(s) with a host, else null: only such links are offered to visitors. */
    static String httpUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null ? url : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }

    /** The large-picture card of a ready image whose preview is at {@code pictureUrl}. */
    static String card(String pictureUrl, Image image, String alt) {
        return meta("property", "og:image", pictureUrl)
                + meta("property", "og:image:type", "image/" + image.preview().format())
                + meta("property", "og:image:width", String.valueOf(image.preview().width()))
                + meta("property", "og:image:height", String.valueOf(image.preview().height()))
                + meta("property", "og:image:alt", alt)
                + meta("name", "twitter:card", "summary_large_image")
                + meta("name", "twitter:image", pictureUrl);
    }

    static String altOf(Image image, String fallback) {
        return image.alt() != null && !image.alt().isBlank() ? image.alt().strip() : fallback;
    }

    /** How long the link works, when it ends at all. */
    static String until(Instant expiresAt) {
        return expiresAt == null ? "" : "<p class=\"muted\">This link works until " + DAY.format(expiresAt) + ".</p>";
    }
}

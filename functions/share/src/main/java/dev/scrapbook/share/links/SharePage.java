package dev.scrapbook.share.links;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import dev.scrapbook.images.Image;
import dev.scrapbook.share.links.OpenLinkFunction.Opened;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code GET /s/{token}}: the public page of a link, with OpenGraph and Twitter card tags so that a chat
 * app shows the picture, and the picture itself at a stable URL ({@code /s/{token}/preview}) that a chat
 * app's crawler can fetch. Unknown and revoked links get the same 404 page; expired ones a 410.
 * Every value on the page is HTML-escaped, and the CSP forbids inline script anyway.
 */
@RestController
class SharePage {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final Duration ORIGINAL_URL_VALIDITY = Duration.ofMinutes(15);

    private final OpenLinkFunction openLink;
    private final GuessLimiter limiter;
    private final PublicUrls urls;
    private final ObjectStore store;
    private final StorageSettings buckets;

    SharePage(OpenLinkFunction openLink, GuessLimiter limiter, PublicUrls urls, ObjectStore store,
            StorageSettings buckets) {
        this.openLink = openLink;
        this.limiter = limiter;
        this.urls = urls;
        this.store = store;
        this.buckets = buckets;
    }

    @GetMapping("/s/{token}")
    ResponseEntity<String> page(@PathVariable String token, HttpServletRequest request) {
        long wait = limiter.retryAfterSeconds(request.getRemoteAddr());
        if (wait > 0) {
            return tooManyTries(wait);
        }
        return switch (open(token, request)) {
            case Opened.Unknown unknown -> gone(HttpStatus.NOT_FOUND, "This link doesn't work",
                    "It may have been mistyped, or its owner has removed it.");
            case Opened.Expired expired -> gone(HttpStatus.GONE, "This link has expired",
                    "Its owner shared it for a limited time only.");
            case Opened.Found found -> html(HttpStatus.OK, found(found, token, urls.base(request)));
        };
    }

    /** The preview picture (at most 1600×1600), streamed so that its URL never expires while the link lives. */
    @GetMapping("/s/{token}/preview")
    ResponseEntity<byte[]> preview(@PathVariable String token, HttpServletRequest request) {
        if (limiter.retryAfterSeconds(request.getRemoteAddr()) > 0
                || !(open(token, request) instanceof Opened.Found found) || found.image().status() != Image.Status.ready) {
            return ResponseEntity.notFound().build();
        }
        Image image = found.image();
        byte[] bytes = store.get(buckets.thumbnailsBucket(),
                StorageKeys.preview(image.ownerId(), image.id(), image.preview().format()));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("image/" + image.preview().format()))
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePrivate())
                .body(bytes);
    }

    /** The original, when the link includes it: a short-lived presigned URL, so big files bypass this function. */
    @GetMapping("/s/{token}/original")
    ResponseEntity<Void> original(@PathVariable String token, HttpServletRequest request) {
        if (limiter.retryAfterSeconds(request.getRemoteAddr()) > 0
                || !(open(token, request) instanceof Opened.Found found) || !found.link().includeOriginal()) {
            return ResponseEntity.notFound().build();
        }
        Image image = found.image();
        String url = store.presignedGet(buckets.originalsBucket(), StorageKeys.original(image.ownerId(), image.id()),
                ORIGINAL_URL_VALIDITY);
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(url))
                .cacheControl(CacheControl.noStore()).build();
    }

    /** Opens the token, counting a miss against the client. */
    private Opened open(String token, HttpServletRequest request) {
        Opened opened = openLink.apply(token);
        if (opened instanceof Opened.Unknown) {
            limiter.miss(request.getRemoteAddr());
        }
        return opened;
    }

    private static ResponseEntity<String> tooManyTries(long retryAfterSeconds) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
                .contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore())
                .body(document("Too many tries", "", "<h1>Too many tries</h1><p>Please wait a few minutes and try again.</p>"));
    }

    private static String found(Opened.Found found, String token, String base) {
        Image image = found.image();
        String title = image.pageTitle() != null && !image.pageTitle().isBlank() ? image.pageTitle().strip()
                : "A picture shared from Image Scrapbook";
        String pageUrl = base + "/s/" + token;
        boolean ready = image.status() == Image.Status.ready;
        StringBuilder head = new StringBuilder()
                .append(meta("property", "og:type", "website"))
                .append(meta("property", "og:site_name", "Image Scrapbook"))
                .append(meta("property", "og:title", title))
                .append(meta("property", "og:url", pageUrl))
                .append(meta("name", "twitter:title", title));
        StringBuilder body = new StringBuilder("<figure>");
        if (ready) {
            String picture = pageUrl + "/preview";
            head.append(meta("property", "og:image", picture))
                    .append(meta("property", "og:image:type", "image/" + image.preview().format()))
                    .append(meta("property", "og:image:width", String.valueOf(image.preview().width())))
                    .append(meta("property", "og:image:height", String.valueOf(image.preview().height())))
                    .append(meta("property", "og:image:alt", altOf(image, title)))
                    .append(meta("name", "twitter:card", "summary_large_image"))
                    .append(meta("name", "twitter:image", picture));
            body.append("<img src=\"").append(escape("/s/" + token + "/preview")).append("\" width=\"")
                    .append(image.preview().width()).append("\" height=\"").append(image.preview().height())
                    .append("\" alt=\"").append(escape(altOf(image, title))).append("\">");
        } else {
            head.append(meta("name", "twitter:card", "summary"));
            body.append("<p class=\"placeholder\">")
                    .append(image.status() == Image.Status.pending ? "The picture is still being prepared. Reload in a moment."
                            : "This picture can't be shown here.")
                    .append("</p>");
        }
        body.append("<figcaption>").append(escape(title)).append("</figcaption></figure>");
        String source = httpUrl(image.pageUrl());
        if (source != null) {
            body.append("<p>Found on <a data-testid=\"source\" href=\"").append(escape(source))
                    .append("\" rel=\"noopener noreferrer nofollow\">").append(escape(URI.create(source).getHost()))
                    .append("</a></p>");
        }
        if (found.link().includeOriginal()) {
            body.append("<p><a class=\"button\" data-testid=\"original\" href=\"")
                    .append(escape("/s/" + token + "/original")).append("\">Open the original</a></p>");
        }
        if (found.link().expiresAt() != null) {
            body.append("<p class=\"muted\">This link works until ").append(DAY.format(found.link().expiresAt()))
                    .append(".</p>");
        }
        return document(title, head.toString(), body.toString());
    }

    private static ResponseEntity<String> gone(HttpStatus status, String heading, String text) {
        return html(status, document(heading, "", "<h1>" + heading + "</h1><p>" + text + "</p>"));
    }

    private static ResponseEntity<String> html(HttpStatus status, String document) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noStore()).header("X-Robots-Tag", "noindex, nofollow")
                .body(document);
    }

    /** Private links stay out of search engines, and the token out of Referer headers. */
    private static String document(String title, String head, String body) {
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

    private static String meta(String attribute, String name, String content) {
        return "<meta " + attribute + "=\"" + name + "\" content=\"" + escape(content) + "\">\n";
    }

    private static String altOf(Image image, String title) {
        return image.alt() != null && !image.alt().isBlank() ? image.alt().strip() : title;
    }

    private static String httpUrl(String url) {
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

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}

package dev.scrapbook.share.links;

import static dev.scrapbook.share.links.LinkHtml.escape;
import static dev.scrapbook.share.links.LinkHtml.meta;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.boards.BoardRepository;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.Image.Rendition;
import dev.scrapbook.share.ShareSettings;
import dev.scrapbook.share.links.OpenLinkFunction.Opened;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.web.Ids;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code GET /s/{token}}: the public page of a link (one picture, or a board's grid: {@link BoardLinkPage}), with
 * OpenGraph and Twitter card tags so that a chat app shows the picture (a board's cover), and the pictures
 * themselves at URLs under the link ({@code /s/{token}/preview}, {@code /s/{token}/images/{id}}) that a chat app's
 * crawler can fetch and that work exactly as long as the link. Unknown and revoked links get the same 404 page;
 * expired ones a 410. Every value on the page is HTML-escaped, and the CSP forbids inline script anyway.
 */
@RestController
class SharePage {

    private final OpenLinkFunction openLink;
    private final GuessLimiter limiter;
    private final PublicUrls urls;
    private final BoardLinkPage boardPage;
    private final BoardRepository boards;
    private final ObjectStore store;
    private final StorageSettings buckets;
    private final ShareSettings settings;

    SharePage(OpenLinkFunction openLink, GuessLimiter limiter, PublicUrls urls, BoardLinkPage boardPage,
            BoardRepository boards, ObjectStore store, StorageSettings buckets, ShareSettings settings) {
        this.openLink = openLink;
        this.limiter = limiter;
        this.urls = urls;
        this.boardPage = boardPage;
        this.boards = boards;
        this.store = store;
        this.buckets = buckets;
        this.settings = settings;
    }

    /** {@code after}: a board link's next page of pictures (the cursor of the "More pictures" link). */
    @GetMapping("/s/{token}")
    ResponseEntity<String> page(@PathVariable String token, @RequestParam(required = false) String after,
            HttpServletRequest request) {
        long wait = limiter.retryAfterSeconds(request.getRemoteAddr());
        if (wait > 0) {
            return LinkHtml.tooManyTries(wait);
        }
        return switch (open(token, request)) {
            case Opened.Unknown unknown -> LinkHtml.gone(HttpStatus.NOT_FOUND, "This link doesn't work",
                    "It may have been mistyped, or its owner has removed it.");
            case Opened.Expired expired -> LinkHtml.gone(HttpStatus.GONE, "This link has expired",
                    "Its owner shared it for a limited time only.");
            case Opened.Found found -> LinkHtml.html(HttpStatus.OK, found(found, token, urls.base()));
            case Opened.FoundBoard board -> LinkHtml.html(HttpStatus.OK, boardPage.render(board, token, urls.base(), after));
        };
    }

    /**
     * The preview picture (at most 1600×1600) of the image, or of a board's cover: the link's OpenGraph image,
     * streamed so that its URL never expires while the link lives, and stops the moment the link is revoked. A
     * client that has to wait for the page waits for its pictures too.
     */
    @GetMapping("/s/{token}/preview")
    ResponseEntity<byte[]> preview(@PathVariable String token, HttpServletRequest request) {
        long wait = limiter.retryAfterSeconds(request.getRemoteAddr());
        if (wait > 0) {
            return waitFor(wait);
        }
        Image picture = switch (open(token, request)) {
            case Opened.Found found -> found.image();
            case Opened.FoundBoard board -> board.board().cover();
            default -> null;
        };
        return picture == null || picture.status() != Image.Status.ready ? ResponseEntity.notFound().build()
                : streamed(picture, StorageKeys.preview(picture.ownerId(), picture.id(), picture.preview().format()),
                        picture.preview());
    }

    /** A board link's picture: its grid image, or with {@code /preview} the larger one; only images on that board. */
    @GetMapping({"/s/{token}/images/{imageId}", "/s/{token}/images/{imageId}/{rendition:preview}"})
    ResponseEntity<byte[]> boardPicture(@PathVariable String token, @PathVariable String imageId,
            @PathVariable(required = false) String rendition, HttpServletRequest request) {
        long wait = limiter.retryAfterSeconds(request.getRemoteAddr());
        if (wait > 0) {
            return waitFor(wait);
        }
        UUID id = Ids.parse(imageId).orElse(null);
        if (id == null || !(open(token, request) instanceof Opened.FoundBoard board)) {
            return ResponseEntity.notFound().build();
        }
        Image picture = boards.image(board.board().id(), id).map(entry -> entry.image()).orElse(null);
        if (picture == null || picture.status() != Image.Status.ready) {
            return ResponseEntity.notFound().build();
        }
        return rendition == null
                ? streamed(picture, StorageKeys.grid(picture.ownerId(), picture.id(), picture.thumbnail().format()), picture.thumbnail())
                : streamed(picture, StorageKeys.preview(picture.ownerId(), picture.id(), picture.preview().format()), picture.preview());
    }

    /**
     * The original, when the link includes it: a presigned URL, so big files bypass this function. The browser
     * follows the redirect at once; the URL stops working {@code SCRAPBOOK_SHARE_URL_VALIDITY} (5 minutes) after
     * it was made, which bounds how long it outlives a revoked link.
     */
    @GetMapping("/s/{token}/original")
    ResponseEntity<byte[]> original(@PathVariable String token, HttpServletRequest request) {
        long wait = limiter.retryAfterSeconds(request.getRemoteAddr());
        if (wait > 0) {
            return waitFor(wait);
        }
        if (!(open(token, request) instanceof Opened.Found found) || !found.link().includeOriginal()) {
            return ResponseEntity.notFound().build();
        }
        Image image = found.image();
        String url = store.presignedGet(buckets.originalsBucket(), StorageKeys.original(image.ownerId(), image.id()),
                settings.urlValidity());
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

    private static ResponseEntity<byte[]> waitFor(long retryAfterSeconds) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
                .cacheControl(CacheControl.noStore()).build();
    }

    private ResponseEntity<byte[]> streamed(Image image, String key, Rendition rendition) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("image/" + rendition.format()))
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePrivate())
                .body(store.get(buckets.thumbnailsBucket(), key));
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
            head.append(LinkHtml.card(pageUrl + "/preview", image, LinkHtml.altOf(image, title)));
            body.append("<img src=\"").append(escape("/s/" + token + "/preview")).append("\" width=\"")
                    .append(image.preview().width()).append("\" height=\"").append(image.preview().height())
                    .append("\" alt=\"").append(escape(LinkHtml.altOf(image, title))).append("\">");
        } else {
            head.append(meta("name", "twitter:card", "summary"));
            body.append("<p class=\"placeholder\">")
                    .append(image.status() == Image.Status.pending ? "The picture is still being prepared. Reload in a moment."
                            : "This picture can't be shown here.")
                    .append("</p>");
        }
        body.append("<figcaption>").append(escape(title)).append("</figcaption></figure>");
        String source = LinkHtml.httpUrl(image.pageUrl());
        if (source != null) {
            body.append("<p>Found on <a data-testid=\"source\" href=\"").append(escape(source))
                    .append("\" rel=\"noopener noreferrer nofollow\">").append(escape(URI.create(source).getHost()))
                    .append("</a></p>");
        }
        if (found.link().includeOriginal()) {
            body.append("<p><a class=\"button\" data-testid=\"original\" href=\"")
                    .append(escape("/s/" + token + "/original")).append("\">Open the original</a></p>");
        }
        body.append(LinkHtml.until(found.link().expiresAt()));
        return LinkHtml.document(title, head.toString(), body.toString());
    }
}

package dev.scrapbook.share.links;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.share.links.ShareLinks.Link;
import dev.scrapbook.web.ApiProblem;
import dev.scrapbook.web.Ids;

/** {@code /api/links}: the owner creates, lists and revokes public links to their images and boards. */
@RestController
@RequestMapping("/api/links")
class LinksController {

    private final ShareLinks links;
    private final PublicUrls urls;
    private final Clock clock;

    LinksController(ShareLinks links, PublicUrls urls, Clock clock) {
        this.links = links;
        this.urls = urls;
        this.clock = clock;
    }

    /** Exactly one of {@code imageId} and {@code boardId}; a board link never includes originals. */
    record CreateLink(String imageId, String boardId, Instant expiresAt, Boolean includeOriginal) {
    }

    record LinkView(UUID id, UUID imageId, UUID boardId, Instant createdAt, Instant expiresAt, boolean includeOriginal,
            boolean expired) {
    }

    /** The one answer that carries the token, and the URL to paste. */
    record CreatedView(UUID id, UUID imageId, UUID boardId, Instant createdAt, Instant expiresAt, boolean includeOriginal,
            String token, String url) {
    }

    record LinkList(List<LinkView> items) {
    }

    @PostMapping
    ResponseEntity<CreatedView> create(Caller caller, @RequestBody CreateLink body) {
        if ((body.imageId() == null) == (body.boardId() == null)) {
            throw ApiProblem.badRequest("give either imageId or boardId");
        }
        boolean includeOriginal = Boolean.TRUE.equals(body.includeOriginal());
        if (body.boardId() != null && includeOriginal) {
            throw ApiProblem.badRequest("a board link shows the pictures, not their originals: leave includeOriginal out");
        }
        ShareLinks.Created created = body.imageId() != null
                ? links.create(caller.userId(), id(body.imageId(), "image"), body.expiresAt(), includeOriginal)
                : links.createForBoard(caller.userId(), id(body.boardId(), "board"), body.expiresAt());
        Link link = created.link();
        return ResponseEntity.created(URI.create("/api/links/" + link.id()))
                .body(new CreatedView(link.id(), link.imageId(), link.boardId(), link.createdAt(), link.expiresAt(),
                        link.includeOriginal(), created.token(), urls.page(created.token())));
    }

    @GetMapping
    LinkList list(Caller caller, @RequestParam(required = false) String imageId,
            @RequestParam(required = false) String boardId) {
        UUID image = imageId == null ? null : id(imageId, "image");
        UUID board = boardId == null ? null : id(boardId, "board");
        Instant now = clock.instant();
        return new LinkList(links.list(caller.userId(), image, board).stream()
                .map(l -> new LinkView(l.id(), l.imageId(), l.boardId(), l.createdAt(), l.expiresAt(), l.includeOriginal(),
                        l.expiresAt() != null && !l.expiresAt().isAfter(now)))
                .toList());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(Caller caller, @PathVariable String id) {
        links.revoke(caller.userId(), id(id, "link"));
        return ResponseEntity.noContent().build();
    }

    private static UUID id(String text, String what) {
        return Ids.parse(text).orElseThrow(() -> ApiProblem.notFound(what));
    }
}

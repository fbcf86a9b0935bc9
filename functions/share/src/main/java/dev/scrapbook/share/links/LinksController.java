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
import jakarta.servlet.http.HttpServletRequest;

/** {@code /api/links}: the owner creates, lists and revokes public links to their images. */
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

    record CreateLink(String imageId, Instant expiresAt, Boolean includeOriginal) {
    }

    record LinkView(UUID id, UUID imageId, Instant createdAt, Instant expiresAt, boolean includeOriginal,
            boolean expired) {
    }

    /** The one answer that carries the token, and the URL to paste. */
    record CreatedView(UUID id, UUID imageId, Instant createdAt, Instant expiresAt, boolean includeOriginal,
            String token, String url) {
    }

    record LinkList(List<LinkView> items) {
    }

    @PostMapping
    ResponseEntity<CreatedView> create(Caller caller, @RequestBody CreateLink body, HttpServletRequest request) {
        if (body.imageId() == null) {
            throw ApiProblem.badRequest("imageId is required");
        }
        UUID imageId = Ids.parse(body.imageId()).orElseThrow(() -> ApiProblem.notFound("image"));
        ShareLinks.Created created = links.create(caller.userId(), imageId, body.expiresAt(),
                Boolean.TRUE.equals(body.includeOriginal()));
        Link link = created.link();
        return ResponseEntity.created(URI.create("/api/links/" + link.id()))
                .body(new CreatedView(link.id(), link.imageId(), link.createdAt(), link.expiresAt(),
                        link.includeOriginal(), created.token(), urls.page(request, created.token())));
    }

    @GetMapping
    LinkList list(Caller caller, @RequestParam(required = false) String imageId) {
        UUID image = imageId == null ? null : Ids.parse(imageId).orElseThrow(() -> ApiProblem.notFound("image"));
        Instant now = clock.instant();
        return new LinkList(links.list(caller.userId(), image).stream()
                .map(l -> new LinkView(l.id(), l.imageId(), l.createdAt(), l.expiresAt(), l.includeOriginal(),
                        l.expiresAt() != null && !l.expiresAt().isAfter(now)))
                .toList());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(Caller caller, @PathVariable String id) {
        links.revoke(caller.userId(), Ids.parse(id).orElseThrow(() -> ApiProblem.notFound("link")));
        return ResponseEntity.noContent().build();
    }
}

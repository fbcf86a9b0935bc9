package dev.scrapbook.share.shares;

import java.net.URI;
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
import dev.scrapbook.images.ImageView;
import dev.scrapbook.images.ImageViews;
import dev.scrapbook.images.PageCursor;
import dev.scrapbook.images.PageQuery;
import dev.scrapbook.images.SearchTerms;
import dev.scrapbook.share.ShareSettings;
import dev.scrapbook.share.friends.Friends.Person;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.web.ApiProblem;
import dev.scrapbook.web.Ids;
import dev.scrapbook.web.MaxItems;

/**
 * {@code /api/shares}: the owner's side (share, list recipients, take back) and the recipient's
 * ({@code /received}: list, open, hide, keep a copy).
 */
@RestController
@RequestMapping("/api/shares")
class SharesController {

    private final Shares shares;
    private final ImageCopier copier;
    private final ImageViews views;
    private final ObjectStore store;
    private final StorageSettings buckets;
    private final ShareSettings settings;

    SharesController(Shares shares, ImageCopier copier, ImageViews views, ObjectStore store, StorageSettings buckets,
            ShareSettings settings) {
        this.shares = shares;
        this.copier = copier;
        this.views = views;
        this.store = store;
        this.buckets = buckets;
        this.settings = settings;
    }

    record ShareRequest(String imageId, @MaxItems(Shares.MAX_RECIPIENTS) List<UUID> friendIds) {
    }

    record Recipients(UUID imageId, List<Shares.Recipient> recipients) {
    }

    record ReceivedView(ImageView image, Person sharedBy, Instant sharedAt) {
    }

    record ReceivedPage(List<ReceivedView> items, String nextCursor) {
    }

    @PostMapping
    Recipients share(Caller caller, @RequestBody ShareRequest body) {
        UUID imageId = image(body.imageId());
        return new Recipients(imageId, shares.share(caller.userId(), imageId, body.friendIds()));
    }

    @GetMapping
    Recipients recipients(Caller caller, @RequestParam String imageId) {
        UUID id = image(imageId);
        return new Recipients(id, shares.recipients(caller.userId(), id));
    }

    @DeleteMapping("/{imageId}/recipients/{userId}")
    ResponseEntity<Void> unshare(Caller caller, @PathVariable String imageId, @PathVariable String userId) {
        UUID recipient = Ids.parse(userId).orElseThrow(() -> ApiProblem.notFound("share"));
        shares.unshare(caller.userId(), image(imageId), recipient);
        return ResponseEntity.noContent().build();
    }

    /** "Shared with me", or a search of it with {@code q} (the gallery's syntax; the owners' notes are not searched). */
    @GetMapping("/received")
    ReceivedPage received(Caller caller, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String q) {
        SearchTerms terms = SearchTerms.parse(q);
        PageQuery query = PageQuery.of(cursor, limit);
        int size = query.limit();
        // One extra row tells whether a next page exists without a count query.
        List<Shares.Received> rows = shares.received(caller.userId(), terms, query.after(), size + 1);
        boolean more = rows.size() > size;
        List<Shares.Received> page = more ? rows.subList(0, size) : rows;
        String next = more ? new PageCursor(page.getLast().sharedAt(), page.getLast().image().id()).encode() : null;
        return new ReceivedPage(page.stream().map(this::view).toList(), next);
    }

    @GetMapping("/received/{imageId}")
    ReceivedView receivedOne(Caller caller, @PathVariable String imageId) {
        return view(shares.receivedOne(caller.userId(), image(imageId)));
    }

    /** Hides it from my list; the owner's share stands until they take it back. */
    @DeleteMapping("/received/{imageId}")
    ResponseEntity<Void> hide(Caller caller, @PathVariable String imageId) {
        shares.hide(caller.userId(), image(imageId));
        return ResponseEntity.noContent().build();
    }

    /** 201 with the new image in my gallery, or 200 with the one I had already. */
    @PostMapping("/received/{imageId}/copy")
    ResponseEntity<ImageView> keepCopy(Caller caller, @PathVariable String imageId) {
        Shares.Received shared = shares.receivedOne(caller.userId(), image(imageId));
        ImageCopier.Copy copy = copier.copy(caller.userId(), shared.image());
        ImageView view = views.owned(copy.image());
        return copy.created()
                ? ResponseEntity.created(URI.create("/api/images/" + copy.image().id())).body(view)
                : ResponseEntity.ok(view);
    }

    /**
     * The owner can take a share back at any time, and S3 checks a presigned URL without asking us: its lifetime
     * ({@code SCRAPBOOK_SHARE_URL_VALIDITY}, 5 minutes) bounds how long a friend keeps access after that. The page
     * asks again for fresh URLs when it opens an image.
     */
    private ReceivedView view(Shares.Received received) {
        return new ReceivedView(ImageView.of(received.image(), store, buckets, settings.urlValidity()),
                received.sharedBy(), received.sharedAt());
    }

    private static UUID image(String id) {
        if (id == null) {
            throw ApiProblem.badRequest("imageId is required");
        }
        return Ids.parse(id).orElseThrow(() -> ApiProblem.notFound("image"));
    }
}

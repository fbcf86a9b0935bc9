package dev.scrapbook.gallery.images;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.boards.BoardRepository;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.ImageFilter;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.images.ImageView;
import dev.scrapbook.images.ImageViews;
import dev.scrapbook.images.TextChange;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.storage.StorageUnavailableException;
import dev.scrapbook.web.ApiProblem;
import dev.scrapbook.web.Ids;

/** {@code /api/images}: a user's own images. Another user's image is a 404, never a 403: its existence is private too. */
@RestController
@RequestMapping("/api/images")
class ImagesController {

    private static final Logger log = LoggerFactory.getLogger(ImagesController.class);

    private final ListImagesFunction listImages;
    private final ImageRepository images;
    private final ImageViews views;
    private final BoardRepository boards;
    private final ObjectStore store;
    private final StorageSettings buckets;

    ImagesController(ListImagesFunction listImages, ImageRepository images, ImageViews views, BoardRepository boards,
            ObjectStore store, StorageSettings buckets) {
        this.listImages = listImages;
        this.images = images;
        this.views = views;
        this.boards = boards;
        this.store = store;
        this.buckets = buckets;
    }

    /**
     * The gallery, or a search of it when any of {@code q}, {@code board}, {@code format}, {@code savedAfter},
     * {@code savedBefore} is given. A board the caller can't see is a 404, like one that does not exist.
     */
    @GetMapping
    ListImagesFunction.Page list(Caller caller, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String q,
            @RequestParam(required = false) String board, @RequestParam(required = false) String format,
            @RequestParam(required = false) String savedAfter, @RequestParam(required = false) String savedBefore) {
        ImageFilter filter = ImageFilter.of(q, board, format, savedAfter, savedBefore);
        if (filter.board() != null && boards.find(filter.board(), caller.userId()).isEmpty()) {
            throw ApiProblem.notFound("board");
        }
        return listImages.apply(ListImagesFunction.Query.of(caller.userId(), filter, cursor, limit));
    }

    @GetMapping("/{id}")
    ImageView get(Caller caller, @PathVariable String id) {
        return views.owned(owned(caller, id));
    }

    /** Title and note (JSON merge patch); answers the image as it is now. */
    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
    ImageView update(Caller caller, @PathVariable String id, @RequestBody JsonNode body) {
        UUID imageId = Ids.parse(id).orElseThrow(() -> ApiProblem.notFound("image"));
        TextChange change = TextChangeRequest.parse(body);
        return views.owned(images.updateText(caller.userId(), imageId, change)
                .orElseThrow(() -> ApiProblem.notFound("image")));
    }

    /**
     * The row goes first: once it is gone nothing links to the objects, so a failure removing them only leaves
     * garbage. A thumbnail still being made when the row goes is removed by the thumbnail function itself.
     */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        Image image = owned(caller, id);
        if (!images.delete(caller.userId(), image.id())) {
            throw ApiProblem.notFound("image");
        }
        try {
            store.delete(buckets.originalsBucket(), StorageKeys.original(image.ownerId(), image.id()));
            if (image.thumbnail() != null) {
                store.delete(buckets.thumbnailsBucket(), StorageKeys.grid(image.ownerId(), image.id(), image.thumbnail().format()));
                store.delete(buckets.thumbnailsBucket(), StorageKeys.preview(image.ownerId(), image.id(), image.preview().format()));
            }
        } catch (StorageUnavailableException e) {
            log.error("image {} deleted, but its objects could not be removed: {}", image.id(), e.getMessage());
        }
        return ResponseEntity.noContent().build();
    }

    private Image owned(Caller caller, String id) {
        UUID imageId = Ids.parse(id).orElseThrow(() -> ApiProblem.notFound("image"));
        return images.find(caller.userId(), imageId).orElseThrow(() -> ApiProblem.notFound("image"));
    }
}

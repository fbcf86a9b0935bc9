package dev.scrapbook.gallery.similar;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.images.ImageView;
import dev.scrapbook.images.ImageViews;
import dev.scrapbook.similar.ImageHashes;
import dev.scrapbook.similar.PictureHash;
import dev.scrapbook.web.ApiProblem;
import dev.scrapbook.web.Ids;

/**
 * {@code GET /api/images/{id}/similar}: the caller's other images of the same picture (re-encoded, resized, in
 * another format), nearest first. Until the image's hash is known (thumbnail not made yet, or an old image the
 * backfill has not reached) the list is empty and {@code hashKnown} false.
 */
@RestController
class SimilarImagesController {

    static final int MAX_ITEMS = 50;

    record Similar(int distance, ImageView image) {
    }

    record SimilarImages(boolean hashKnown, List<Similar> items) {
    }

    private final ImageRepository images;
    private final ImageHashes hashes;
    private final ImageViews views;

    SimilarImagesController(ImageRepository images, ImageHashes hashes, ImageViews views) {
        this.images = images;
        this.hashes = hashes;
        this.views = views;
    }

    @GetMapping("/api/images/{id}/similar")
    SimilarImages similar(Caller caller, @PathVariable String id) {
        UUID imageId = Ids.parse(id).orElseThrow(() -> ApiProblem.notFound("image"));
        Image image = images.find(caller.userId(), imageId).orElseThrow(() -> ApiProblem.notFound("image"));
        return hashes.hashOf(caller.userId(), image.id())
                .map(hash -> new SimilarImages(true, near(caller.userId(), image.id(), hash)))
                .orElseGet(() -> new SimilarImages(false, List.of()));
    }

    private List<Similar> near(UUID owner, UUID imageId, PictureHash hash) {
        List<ImageHashes.Near> near = hashes.near(owner, imageId, hash, MAX_ITEMS);
        Map<UUID, Image> byId = images.findAll(near.stream().map(ImageHashes.Near::id).toList()).stream()
                .collect(Collectors.toMap(Image::id, Function.identity()));
        // An image deleted between the two reads drops out.
        List<ImageHashes.Near> present = near.stream().filter(n -> byId.containsKey(n.id())).toList();
        List<ImageView> shown = views.owned(present.stream().map(n -> byId.get(n.id())).toList());
        return IntStream.range(0, present.size())
                .mapToObj(i -> new Similar(present.get(i).distance(), shown.get(i))).toList();
    }
}

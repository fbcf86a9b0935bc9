package dev.scrapbook.images;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageSettings;

/**
 * The owner's views of their images: with the note, and with {@code similarTo} filled in from the earlier image
 * it names (one query for a whole page). For anyone else, {@link ImageView#of}.
 */
@Component
public class ImageViews {

    private final ImageRepository images;
    private final ObjectStore store;
    private final StorageSettings buckets;

    ImageViews(ImageRepository images, ObjectStore store, StorageSettings buckets) {
        this.images = images;
        this.store = store;
        this.buckets = buckets;
    }

    public ImageView owned(Image image) {
        return owned(List.of(image)).getFirst();
    }

    public List<ImageView> owned(List<Image> page) {
        List<UUID> similarIds = page.stream().map(Image::similarTo).filter(Objects::nonNull).distinct().toList();
        // similar_to only ever names an image of the same owner; checking it costs nothing and keeps it so.
        Map<UUID, Image> similar = images.findAll(similarIds).stream()
                .collect(Collectors.toMap(Image::id, Function.identity()));
        return page.stream().map(image -> {
            Image earlier = similar.get(image.similarTo());
            boolean sameOwner = earlier != null && earlier.ownerId().equals(image.ownerId());
            return ImageView.owned(image, sameOwner ? earlier : null, store, buckets);
        }).toList();
    }
}

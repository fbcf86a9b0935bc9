package dev.scrapbook.gallery.images;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import dev.scrapbook.images.Image;
import dev.scrapbook.images.ImageFilter;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.images.ImageView;
import dev.scrapbook.images.ImageViews;
import dev.scrapbook.images.PageCursor;
import dev.scrapbook.images.PageQuery;

/**
 * The gallery function ({@code listImages} in the function catalog): one page of a user's images, newest first,
 * all of them or those a search asks for.
 */
@Component("listImages")
public class ListImagesFunction implements Function<ListImagesFunction.Query, ListImagesFunction.Page> {

    public record Query(UUID ownerId, ImageFilter filter, PageCursor after, int limit) {

        /** The owner's page as the API's {@code cursor} and {@code limit} ask for it (checked: a 400 otherwise). */
        public static Query of(UUID ownerId, String cursor, Integer limit) {
            return of(ownerId, ImageFilter.NONE, cursor, limit);
        }

        public static Query of(UUID ownerId, ImageFilter filter, String cursor, Integer limit) {
            PageQuery page = PageQuery.of(cursor, limit);
            return new Query(ownerId, filter, page.after(), page.limit());
        }
    }

    public record Page(List<ImageView> items, String nextCursor) {
    }

    private final ImageRepository images;
    private final ImageViews views;

    ListImagesFunction(ImageRepository images, ImageViews views) {
        this.images = images;
        this.views = views;
    }

    @Override
    public Page apply(Query query) {
        // One extra row tells whether a next page exists without a count query.
        List<Image> rows = query.filter().isEmpty()
                ? images.page(query.ownerId(), query.after(), query.limit() + 1)
                : images.search(query.ownerId(), query.filter(), query.after(), query.limit() + 1);
        boolean more = rows.size() > query.limit();
        List<Image> page = more ? rows.subList(0, query.limit()) : rows;
        String next = more ? PageCursor.after(page.getLast()).encode() : null;
        return new Page(views.owned(page), next);
    }
}

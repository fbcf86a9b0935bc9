package dev.scrapbook.images;

import dev.scrapbook.web.ApiProblem;

/** A page request as the API takes it ({@code cursor}, {@code limit}), checked: bad values are a 400. */
public record PageQuery(PageCursor after, int limit) {

    public static final int DEFAULT_LIMIT = 30;
    public static final int MAX_LIMIT = 100;

    public static PageQuery of(String cursor, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        PageCursor after = cursor == null || cursor.isEmpty() ? null
                : PageCursor.decode(cursor).orElseThrow(() -> ApiProblem.badRequest("cursor is not one this API gave out"));
        return new PageQuery(after, size);
    }
}

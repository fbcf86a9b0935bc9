package dev.scrapbook.boards;

import java.nio.ByteBuffer;
import java.util.Base64;

import dev.scrapbook.images.PageQuery;
import dev.scrapbook.web.ApiProblem;

/**
 * A page of a board in board order, as the API's {@code cursor} and {@code limit} ask for it: the cursor is
 * the position of the last image of the previous page (opaque to clients, base64url); bad values are a 400.
 * Keyset on the position, which is unique per board.
 */
public record BoardCursor(Long afterPosition, int limit) {

    public static BoardCursor of(String cursor, Integer limit) {
        int size = limit == null ? PageQuery.DEFAULT_LIMIT : limit;
        if (size < 1 || size > PageQuery.MAX_LIMIT) {
            throw ApiProblem.badRequest("limit must be between 1 and " + PageQuery.MAX_LIMIT);
        }
        return new BoardCursor(cursor == null || cursor.isEmpty() ? null : decode(cursor), size);
    }

    /** The cursor of the page that follows the image at {@code position}. */
    public static String after(long position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(position).array());
    }

    private static long decode(String cursor) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            if (bytes.length == Long.BYTES) {
                return ByteBuffer.wrap(bytes).getLong();
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw ApiProblem.badRequest("cursor is not one this API gave out");
    }
}

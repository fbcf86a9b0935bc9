package dev.scrapbook.images;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import dev.scrapbook.web.ApiProblem;
import dev.scrapbook.web.Ids;

/**
 * What a search of one's images asks for ({@code GET /api/images?q=&board=&format=&savedAfter=&savedBefore=}),
 * checked: bad values are a 400. Empty parts ask for nothing; an empty filter is the plain gallery.
 *
 * @param board only one's images on this board (whether the caller may see the board is the caller's to check)
 * @param savedAfter inclusive
 * @param savedBefore exclusive
 */
public record ImageFilter(SearchTerms terms, UUID board, String format, Instant savedAfter, Instant savedBefore) {

    public static final ImageFilter NONE = new ImageFilter(SearchTerms.parse(null), null, null, null, null);
    private static final Set<String> FORMATS = Set.of("jpeg", "png", "gif", "webp");

    public static ImageFilter of(String q, String board, String format, String savedAfter, String savedBefore) {
        Instant after = instant("savedAfter", savedAfter);
        Instant before = instant("savedBefore", savedBefore);
        if (after != null && before != null && !after.isBefore(before)) {
            throw ApiProblem.badRequest("savedAfter must be earlier than savedBefore");
        }
        UUID boardId = board == null || board.isEmpty() ? null
                : Ids.parse(board).orElseThrow(() -> ApiProblem.badRequest("board must be a board's id"));
        return new ImageFilter(SearchTerms.parse(q), boardId, format(format), after, before);
    }

    public boolean isEmpty() {
        return terms.isEmpty() && board == null && format == null && savedAfter == null && savedBefore == null;
    }

    private static String format(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String format = text.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw ApiProblem.badRequest("format must be one of jpeg, png, gif, webp");
        }
        return format;
    }

    /** RFC 3339 date-times with an offset ({@code 2025-06-01T00:00:00Z}, {@code ...+02:00}), as JSON gives them. */
    private static Instant instant(String name, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(name + " must be a date-time with an offset, such as 2025-06-01T00:00:00Z");
        }
    }
}

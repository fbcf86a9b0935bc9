package dev.scrapbook.gallery.images;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.images.TextChange;
import dev.scrapbook.web.ApiProblem;

/**
 * The body of {@code PATCH /api/images/{id}}, checked before anything is written: an object with {@code title},
 * {@code note} or both (JSON merge patch: a missing field stays, {@code null} or blank clears it), strings within
 * their limits, nothing else.
 */
final class TextChangeRequest {

    /** As long as a page title or alt text may be (save-image's ProvenanceRules). */
    static final int MAX_TITLE = 512;
    static final int MAX_NOTE = 4000;
    private static final Set<String> FIELDS = Set.of("title", "note");

    private TextChangeRequest() {
    }

    static TextChange parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object: {\"title\": ..., \"note\": ...}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiProblem.badRequest("only title and note can be changed, not " + name);
            }
        }
        if (body.isEmpty()) {
            throw ApiProblem.badRequest("give a title, a note or both");
        }
        return new TextChange(body.has("title"), text(body, "title", MAX_TITLE), body.has("note"), text(body, "note", MAX_NOTE));
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiProblem.badRequest(field + " must be a string or null");
        }
        String text = value.asText().strip();
        if (text.length() > max) {
            throw ApiProblem.badRequest(field + " is longer than " + max + " characters");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw ApiProblem.badRequest(field + " must not contain a NUL character");
        }
        return text.isEmpty() ? null : text;
    }
}

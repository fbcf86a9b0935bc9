package dev.scrapbook.gallery.images;

import java.util.List;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.web.ApiProblem;
import dev.scrapbook.web.MaxItems;

/**
 * {@code POST /api/images/lookup}: which of these image URLs the caller already saved. At most 500 URLs, counted
 * while the body is read ({@link MaxItems}), in a body of at most 256 KiB like every JSON body.
 */
@RestController
class LookupController {

    static final int MAX_URLS = 500;
    static final int MAX_URL_LENGTH = 2048;

    private final SavedSourceLookup lookup;

    LookupController(SavedSourceLookup lookup) {
        this.lookup = lookup;
    }

    record Query(@MaxItems(MAX_URLS) List<String> sourceUrls) {
    }

    record Answer(List<SavedSourceLookup.Saved> saved) {
    }

    @PostMapping("/api/images/lookup")
    Answer lookup(Caller caller, @RequestBody Query query) {
        List<String> urls = query.sourceUrls();
        if (urls == null) {
            throw ApiProblem.badRequest("sourceUrls is required");
        }
        for (String url : urls) {
            // PostgreSQL text can't hold U+0000: refused here, it is a 400 rather than a failed query.
            if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH || url.indexOf('\u0000') >= 0) {
                throw ApiProblem.badRequest("every sourceUrl must be a non-empty string of at most " + MAX_URL_LENGTH
                        + " characters, without NUL");
            }
        }
        return new Answer(lookup.find(caller.userId(), urls.stream().distinct().toList()));
    }
}

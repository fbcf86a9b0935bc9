package dev.scrapbook.gallery.images;

import java.util.List;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.web.ApiProblem;

/** {@code POST /api/images/lookup}: which of these image URLs the caller already saved. */
@RestController
class LookupController {

    static final int MAX_URLS = 500;
    static final int MAX_URL_LENGTH = 2048;

    private final SavedSourceLookup lookup;

    LookupController(SavedSourceLookup lookup) {
        this.lookup = lookup;
    }

    record Query(List<String> sourceUrls) {
    }

    record Answer(List<SavedSourceLookup.Saved> saved) {
    }

    @PostMapping("/api/images/lookup")
    Answer lookup(Caller caller, @RequestBody Query query) {
        List<String> urls = query.sourceUrls();
        if (urls == null) {
            throw ApiProblem.badRequest("sourceUrls is required");
        }
        if (urls.size() > MAX_URLS) {
            throw ApiProblem.badRequest("at most " + MAX_URLS + " sourceUrls per lookup");
        }
        for (String url : urls) {
            if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
                throw ApiProblem.badRequest("every sourceUrl must be a non-empty string of at most " + MAX_URL_LENGTH + " characters");
            }
        }
        return new Answer(lookup.find(caller.userId(), urls.stream().distinct().toList()));
    }
}

package dev.scrapbook.save;

import org.springframework.http.HttpStatus;

import dev.scrapbook.save.fetch.FetchFailed;
import dev.scrapbook.save.fetch.FetchRefused;
import dev.scrapbook.save.fetch.FetchTooLarge;
import dev.scrapbook.save.fetch.FetchedImage;
import dev.scrapbook.save.fetch.SafeFetcher;
import dev.scrapbook.web.ApiProblem;

/** The fetcher's outcomes as the API answers them. */
final class FetchProblems {

    private FetchProblems() {
    }

    static FetchedImage fetch(SafeFetcher fetcher, String url) {
        return switch (fetcher.fetch(url)) {
            case FetchedImage image -> image;
            case FetchRefused refused -> throw new ApiProblem(HttpStatus.BAD_REQUEST, "fetch-refused",
                    "the server will not fetch this URL: " + refused.reason());
            case FetchTooLarge tooLarge -> throw SaveController.tooLarge(tooLarge.maxBytes());
            // The origin's own status is in the detail: the extension then uploads the bytes itself.
            case FetchFailed failed -> throw new ApiProblem(HttpStatus.BAD_GATEWAY, "fetch-failed",
                    "the image could not be fetched: " + failed.reason());
        };
    }
}

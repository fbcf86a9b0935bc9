package dev.scrapbook.gallery.account;

import org.springframework.http.HttpStatus;

import dev.scrapbook.web.ApiProblem;

/** Too many log-ins or sign-ups: 429 with the seconds until the next attempt is counted again. */
public class TooManyAttempts extends ApiProblem {

    private final long retryAfterSeconds;

    TooManyAttempts(String what, long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "too-many-attempts",
                what + "; try again in " + retryAfterSeconds + " seconds");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

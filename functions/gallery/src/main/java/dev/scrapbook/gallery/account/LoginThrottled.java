package dev.scrapbook.gallery.account;

import org.springframework.http.HttpStatus;

import dev.scrapbook.web.ApiProblem;

/** Too many failed log-ins: 429 with the seconds until the next attempt is counted again. */
public class LoginThrottled extends ApiProblem {

    private final long retryAfterSeconds;

    LoginThrottled(long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "too-many-attempts",
                "too many failed log-ins; try again in " + retryAfterSeconds + " seconds");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

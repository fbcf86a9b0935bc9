package dev.scrapbook.save.fetch;

import java.util.OptionalInt;

/**
 * The origin could not be reached or answered with an error. Maps to 502. {@code originStatus}
 * holds the origin's 4xx/5xx (or unfollowable 3xx) so the extension can decide to upload the bytes
 * itself; it is empty for I/O failures such as timeouts.
 */
public record FetchFailed(OptionalInt originStatus, String reason) implements FetchOutcome {

    static FetchFailed originAnswered(int status) {
        return new FetchFailed(OptionalInt.of(status), "the origin answered HTTP " + status);
    }

    static FetchFailed io(String reason) {
        return new FetchFailed(OptionalInt.empty(), reason);
    }
}

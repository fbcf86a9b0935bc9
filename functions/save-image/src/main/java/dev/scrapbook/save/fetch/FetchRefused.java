package dev.scrapbook.save.fetch;

/**
 * The URL, a redirect hop or an address it resolves to is not allowed; nothing was fetched. Maps to 400 with
 * {@code reason}; {@code detail} (which rule, which address) is logged, never answered.
 */
public record FetchRefused(String reason, String detail) implements FetchOutcome {

    FetchRefused(String reason) {
        this(reason, reason);
    }
}

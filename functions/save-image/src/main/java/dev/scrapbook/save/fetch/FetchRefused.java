package dev.scrapbook.save.fetch;

/** The URL, a redirect hop or an address it resolves to is not allowed; nothing was fetched. Maps to 400. */
public record FetchRefused(String reason) implements FetchOutcome {
}

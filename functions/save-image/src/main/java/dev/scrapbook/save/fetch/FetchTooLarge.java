package dev.scrapbook.save.fetch;

/** The body (announced or streamed) went past {@code maxBytes}; the download was aborted. Maps to 413. */
public record FetchTooLarge(long maxBytes) implements FetchOutcome {
}

package dev.scrapbook.save.fetch;

/**
 * What {@link SafeFetcher#fetch} came back with. Callers switch over it:
 * {@link FetchedImage} (the bytes), {@link FetchRefused} (400), {@link FetchTooLarge} (413),
 * {@link FetchFailed} (502).
 */
public sealed interface FetchOutcome permits FetchedImage, FetchRefused, FetchTooLarge, FetchFailed {
}

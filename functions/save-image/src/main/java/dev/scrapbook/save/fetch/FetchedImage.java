package dev.scrapbook.save.fetch;

import java.net.URI;

/**
 * The origin answered 2xx. {@code finalUrl} is the URL after redirects; {@code contentType} is the
 * origin's media type without parameters (e.g. {@code image/png}), or null when it sent none.
 */
public record FetchedImage(byte[] bytes, URI finalUrl, String contentType) implements FetchOutcome {
}

package dev.scrapbook.share;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code scrapbook.share.*}. {@code publicUrl} ({@code SCRAPBOOK_SHARE_PUBLIC_URL}): where people reach the share
 * function, for the links it hands out and the OpenGraph tags. Required wherever the function serves HTTP, because
 * the request's Host header is the caller's to choose; only the local runtime, which knows its own address, sets
 * {@code ownOrigin} instead. A client that misses more than {@code guessesPerWindow} tokens in a
 * {@code guessWindow} is refused until the window ends. {@code urlValidity} ({@code SCRAPBOOK_SHARE_URL_VALIDITY}):
 * how long a presigned URL given to a friend or a link's visitor works, so how long it outlives a share taken back
 * or a link revoked.
 */
@ConfigurationProperties("scrapbook.share")
public record ShareSettings(
        URI publicUrl,
        @DefaultValue("false") boolean ownOrigin,
        @DefaultValue("20") int guessesPerWindow,
        @DefaultValue("10m") Duration guessWindow,
        @DefaultValue("5m") Duration urlValidity) {
}

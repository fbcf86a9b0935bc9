package dev.scrapbook.share;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code scrapbook.share.*}. {@code publicUrl}: where people reach the share function, for the links it
 * hands out and the OpenGraph tags (default: the request's own scheme and host). A client that misses
 * more than {@code guessesPerWindow} tokens in a {@code guessWindow} is refused until the window ends.
 */
@ConfigurationProperties("scrapbook.share")
public record ShareSettings(
        URI publicUrl,
        @DefaultValue("20") int guessesPerWindow,
        @DefaultValue("10m") Duration guessWindow) {
}

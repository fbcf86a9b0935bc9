package dev.scrapbook.save;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of a save. {@code allowedHosts} ({@code SCRAPBOOK_FETCH_ALLOWED_HOSTS}, host:port, comma-separated)
 * lets the fetcher reach listed hosts even on private addresses: for tests and local fixtures only, empty by default.
 */
@ConfigurationProperties("scrapbook.fetch")
public record SaveSettings(
        @DefaultValue("25MB") DataSize maxBytes,
        @DefaultValue("100000000") long maxPixels,
        @DefaultValue("") String allowedHosts,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration readTimeout) {
}

package dev.scrapbook.save.fetch;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Limits for {@link SafeFetcher}.
 *
 * @param allowedHosts exact {@code host:port} entries (IPv6 as {@code [::1]:8080}) that may be
 *                     reached even at non-public addresses; for tests and local fixtures only
 */
public record FetchSettings(
        Set<String> allowedHosts,
        long maxBytes,
        Duration connectTimeout,
        Duration readTimeout,
        int maxRedirects) {

    public static final long DEFAULT_MAX_BYTES = 25L * 1024 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_REDIRECTS = 5;

    public FetchSettings {
        allowedHosts = allowedHosts == null ? Set.of()
                : allowedHosts.stream()
                        .filter(entry -> entry != null && !entry.isBlank())
                        .map(HostPortKey::normalize)
                        .collect(Collectors.toUnmodifiableSet());
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("readTimeout", readTimeout);
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative, was " + maxRedirects);
        }
    }

    public static FetchSettings defaults() {
        return new FetchSettings(Set.of(), DEFAULT_MAX_BYTES, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
                DEFAULT_MAX_REDIRECTS);
    }

    /** Parses {@code SCRAPBOOK_FETCH_ALLOWED_HOSTS}: comma separated {@code host:port}; blank means none. */
    public static Set<String> parseAllowedHosts(String commaSeparated) {
        if (commaSeparated == null) {
            return Set.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(HostPortKey::normalize)
                .collect(Collectors.toUnmodifiableSet());
    }

    public FetchSettings withAllowedHosts(Set<String> hosts) {
        return new FetchSettings(hosts, maxBytes, connectTimeout, readTimeout, maxRedirects);
    }

    public FetchSettings withMaxBytes(long bytes) {
        return new FetchSettings(allowedHosts, bytes, connectTimeout, readTimeout, maxRedirects);
    }

    public FetchSettings withReadTimeout(Duration timeout) {
        return new FetchSettings(allowedHosts, maxBytes, connectTimeout, timeout, maxRedirects);
    }

    /**
     * Budget for the whole fetch, all redirect hops included. The read timeout alone does not bound
     * a server that trickles one byte just inside it, so the total is capped as well.
     */
    public Duration callTimeout() {
        return connectTimeout.plus(readTimeout.multipliedBy(4));
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }
}

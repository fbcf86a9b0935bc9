package dev.scrapbook.save.fetch;

import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/** The {@code host:port} form the allow-list is written in and matched by. */
final class HostPortKey {

    private static final Pattern ENDS_WITH_PORT = Pattern.compile(".*:\\d{1,5}");

    private HostPortKey() {
    }

    /** Lower-case host as OkHttp canonicalises it, plus the effective port (80/443 when absent). */
    static String of(HttpUrl url) {
        String host = url.host();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + url.port();
    }

    static String normalize(String entry) {
        String trimmed = entry.strip();
        HttpUrl parsed = HttpUrl.parse("http://" + trimmed + "/");
        // An explicit port is required so an entry never silently widens to "port 80".
        if (!ENDS_WITH_PORT.matcher(trimmed).matches() || parsed == null
                || !parsed.username().isEmpty() || !parsed.encodedPath().equals("/")) {
            throw new IllegalArgumentException(
                    "allowed host entry must be host:port (IPv6 as [::1]:8080), was '" + entry + "'");
        }
        return of(parsed);
    }
}

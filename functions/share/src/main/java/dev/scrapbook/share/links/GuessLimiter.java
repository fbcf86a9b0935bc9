package dev.scrapbook.share.links;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.scrapbook.share.ShareSettings;

/**
 * Slows down anyone guessing link tokens: a client address that misses too often in a window is refused
 * until the window ends. Tokens have 256 bits, so this is defence in depth, not the protection itself;
 * it is per instance, which is enough for that. Behind a proxy, the client address comes from
 * X-Forwarded-For only when the server is told to trust it (server.forward-headers-strategy).
 */
@Component
class GuessLimiter {

    /** Beyond this many addresses, windows that have ended are dropped, so memory stays bounded. */
    private static final int PRUNE_ABOVE = 10_000;

    private record Window(Instant start, int misses) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final ShareSettings settings;
    private final Clock clock;

    GuessLimiter(ShareSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Seconds until this client may try again, or 0 when it may now. */
    long retryAfterSeconds(String client) {
        Window window = windows.get(client);
        Instant now = clock.instant();
        if (window == null || window.misses() < settings.guessesPerWindow() || ended(window, now)) {
            return 0;
        }
        return Math.max(1, settings.guessWindow().minusMillis(now.toEpochMilli() - window.start().toEpochMilli()).toSeconds());
    }

    void miss(String client) {
        Instant now = clock.instant();
        windows.compute(client, (key, window) -> window == null || ended(window, now)
                ? new Window(now, 1) : new Window(window.start(), window.misses() + 1));
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(window -> ended(window, now));
        }
    }

    private boolean ended(Window window, Instant now) {
        return !window.start().plus(settings.guessWindow()).isAfter(now);
    }
}

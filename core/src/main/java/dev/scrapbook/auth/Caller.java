package dev.scrapbook.auth;

import java.util.UUID;

/** Who is calling: the user, and the session that was presented (null for a personal API token). */
public record Caller(UUID userId, UUID sessionId) {
}

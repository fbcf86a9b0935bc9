package dev.scrapbook.web;

import java.util.Optional;
import java.util.UUID;

/** Ids in paths: a malformed one names nothing, so it is a 404 like an unknown one. */
public final class Ids {

    private Ids() {
    }

    public static Optional<UUID> parse(String text) {
        try {
            return text.length() == 36 ? Optional.of(UUID.fromString(text)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

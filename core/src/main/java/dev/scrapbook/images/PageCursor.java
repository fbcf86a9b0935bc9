package dev.scrapbook.images;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The position after which the next page of a newest-first list starts (a time, the id breaking ties);
 * opaque to clients (base64url of both).
 */
public record PageCursor(Instant at, UUID id) {

    public static PageCursor after(Image image) {
        return new PageCursor(image.savedAt(), image.id());
    }

    public String encode() {
        ByteBuffer buffer = ByteBuffer.allocate(28)
                .putLong(at.getEpochSecond()).putInt(at.getNano())
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    public static Optional<PageCursor> decode(String text) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text);
            if (bytes.length != 28) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            Instant at = Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
            return Optional.of(new PageCursor(at, new UUID(buffer.getLong(), buffer.getLong())));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}

package dev.scrapbook.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Signed, expiring session tokens: {@code s1.<payload>.<HMAC-SHA256>}, payload = user id, session id,
 * expiry, issue time. Any function verifies one with the shared secret alone, so no function keeps session state.
 * The issue time (in milliseconds) is what a password change compares with: it ends every session issued before it.
 */
@Component
public class SessionTokens {

    static final String PREFIX = "s1.";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;

    public SessionTokens(AuthSettings settings, Clock clock) {
        this.key = new SecretKeySpec(settings.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    public record Session(UUID userId, UUID sessionId, Instant expiresAt, Instant issuedAt) {

        /**
         * A session whose issue time is unknown: a token signed before tokens carried it (40 bytes of payload). It
         * counts as issued before any password change, so the first one ends it.
         */
        public Session(UUID userId, UUID sessionId, Instant expiresAt) {
            this(userId, sessionId, expiresAt, Instant.EPOCH);
        }
    }

    private static final int PAYLOAD_WITHOUT_ISSUE_TIME = 40;
    private static final int PAYLOAD = 48;

    public String issue(Session session) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD);
        putUuid(payload, session.userId());
        putUuid(payload, session.sessionId());
        payload.putLong(session.expiresAt().getEpochSecond());
        payload.putLong(session.issuedAt().toEpochMilli());
        String body = ENCODER.encodeToString(payload.array());
        return PREFIX + body + "." + ENCODER.encodeToString(sign(body));
    }

    /** The session if the token is well-formed, correctly signed and not expired; revocation is checked elsewhere. */
    public Optional<Session> verify(String token) {
        if (!token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = token.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            // Compared as text, not as decoded bytes: base64's spare bits would let one signature be spelled several ways.
            if (!MessageDigest.isEqual(ENCODER.encodeToString(sign(parts[0])).getBytes(StandardCharsets.US_ASCII),
                    parts[1].getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            ByteBuffer payload = ByteBuffer.wrap(DECODER.decode(parts[0]));
            int length = payload.remaining();
            if (length != PAYLOAD && length != PAYLOAD_WITHOUT_ISSUE_TIME) {
                return Optional.empty();
            }
            UUID userId = getUuid(payload);
            UUID sessionId = getUuid(payload);
            Instant expiresAt = Instant.ofEpochSecond(payload.getLong());
            Session session = length == PAYLOAD
                    ? new Session(userId, sessionId, expiresAt, Instant.ofEpochMilli(payload.getLong()))
                    : new Session(userId, sessionId, expiresAt);
            return session.expiresAt().isAfter(clock.instant()) ? Optional.of(session) : Optional.empty();
        } catch (IllegalArgumentException malformedBase64) {
            return Optional.empty();
        }
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static void putUuid(ByteBuffer buffer, UUID id) {
        buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }

    private static UUID getUuid(ByteBuffer buffer) {
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}

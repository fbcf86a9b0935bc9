package dev.scrapbook.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.scrapbook.auth.SessionTokens.Session;

/** Session tokens verify only as issued: the exact spelling, the right secret, before expiry. */
class SessionTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");
    private static final String SECRET = "a-secret-that-is-long-enough-for-hmac-sha256";
    private final SessionTokens tokens = new SessionTokens(
            new AuthSettings(SECRET, Duration.ofDays(7)),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final Session session = new Session(UUID.randomUUID(), UUID.randomUUID(), NOW.plusSeconds(60));

    @Test
    void verifiesTheTokenItIssued() {
        assertThat(tokens.verify(tokens.issue(session))).contains(session);
    }

    @Test
    void refusesEveryOtherSpellingOfTheSignature() {
        String token = tokens.issue(session);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (char c : alphabet.toCharArray()) {
            String respelled = token.substring(0, token.length() - 1) + c;
            if (!respelled.equals(token)) {
                assertThat(tokens.verify(respelled)).as(respelled).isEmpty();
            }
        }
    }

    @Test
    void refusesAnExpiredSessionAndAnotherSecretsToken() {
        assertThat(tokens.verify(tokens.issue(new Session(session.userId(), session.sessionId(), NOW)))).isEmpty();
        SessionTokens other = new SessionTokens(
                new AuthSettings("another-secret-that-is-long-enough-for-hmac", Duration.ofDays(7)), Clock.systemUTC());
        assertThat(tokens.verify(other.issue(session))).isEmpty();
    }

    @Test
    void carriesItsIssueTimeToTheMillisecond() {
        Instant issued = NOW.minusMillis(1234);
        Session withIssueTime = new Session(session.userId(), session.sessionId(), NOW.plusSeconds(60), issued);

        assertThat(tokens.verify(tokens.issue(withIssueTime))).get().extracting(Session::issuedAt).isEqualTo(issued);
    }

    /** Tokens signed before they carried an issue time still verify, as issued before any password change. */
    @Test
    void readsATokenWithoutAnIssueTimeAsIssuedAtTheEpoch() throws Exception {
        ByteBuffer payload = ByteBuffer.allocate(40);
        payload.putLong(session.userId().getMostSignificantBits()).putLong(session.userId().getLeastSignificantBits());
        payload.putLong(session.sessionId().getMostSignificantBits()).putLong(session.sessionId().getLeastSignificantBits());
        payload.putLong(session.expiresAt().getEpochSecond());
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));

        assertThat(tokens.verify("s1." + body + "." + signature)).get().extracting(Session::issuedAt).isEqualTo(Instant.EPOCH);
    }
}

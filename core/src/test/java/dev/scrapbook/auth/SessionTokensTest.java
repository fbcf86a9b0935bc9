package dev.scrapbook.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.scrapbook.auth.SessionTokens.Session;

/** Session tokens verify only as issued: the exact spelling, the right secret, before expiry. */
class SessionTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");
    private final SessionTokens tokens = new SessionTokens(
            new AuthSettings("a-secret-that-is-long-enough-for-hmac-sha256", Duration.ofDays(7)),
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
}

package dev.scrapbook.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code SCRAPBOOK_AUTH_SECRET} signs session tokens so that every function verifies them on its own.
 * There is deliberately no default: a guessable secret would let anyone mint sessions.
 */
@ConfigurationProperties("scrapbook.auth")
public record AuthSettings(String secret, @DefaultValue("7d") Duration sessionTtl) {

    public AuthSettings {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException(
                    "SCRAPBOOK_AUTH_SECRET must be set to at least 32 random bytes (e.g. `openssl rand -base64 48`)");
        }
    }
}

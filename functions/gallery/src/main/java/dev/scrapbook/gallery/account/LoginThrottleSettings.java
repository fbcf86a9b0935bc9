package dev.scrapbook.gallery.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Failed log-ins allowed per account and per client address within the window, before further attempts
 * are answered 429. The client address is the connection's peer; {@code X-Forwarded-For} is believed only
 * when {@code trustForwardedFor} is set, because anyone can send that header to a function reached directly.
 */
@ConfigurationProperties("scrapbook.login")
public record LoginThrottleSettings(
        @DefaultValue("5") int maxFailuresPerAccount,
        @DefaultValue("50") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration window,
        @DefaultValue("false") boolean trustForwardedFor) {
}

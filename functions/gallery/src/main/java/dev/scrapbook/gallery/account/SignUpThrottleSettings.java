package dev.scrapbook.gallery.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-ups allowed per client address (the same address as the log-in throttle's) within the window, before
 * further ones are answered 429.
 */
@ConfigurationProperties("scrapbook.signup")
public record SignUpThrottleSettings(
        @DefaultValue("10") int maxPerAddress,
        @DefaultValue("1h") Duration window) {
}

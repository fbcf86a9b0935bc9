package dev.scrapbook.accounts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the reconcile pass takes over an account deletion: {@code interruptedAfter} after it was requested with its
 * rows still there (the request normally finishes it within seconds; finishing it twice at once is harmless, only
 * wasted), and {@code settle} after its rows were deleted, for the last sweep of the owner's prefix (longer than any
 * request that authenticated before the deletion was recorded can still be writing: an import, the longest, ends
 * within save-image's Knative request timeout, 600 s, knative/base/app/save-image.yaml).
 */
@ConfigurationProperties("scrapbook.account-deletion")
public record AccountDeletionSettings(
        @DefaultValue("1m") Duration interruptedAfter,
        @DefaultValue("15m") Duration settle) {
}

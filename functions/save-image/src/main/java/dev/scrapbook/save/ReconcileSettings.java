package dev.scrapbook.save;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the reconcile pass treats an event as missing: {@code unconfirmedGrace} after a save whose publish the
 * broker never confirmed, {@code stuckAfter} after a confirmed event that produced no thumbnail (dead-lettered
 * while S3 was down). The fault tests shorten both; production keeps the defaults.
 */
@ConfigurationProperties("scrapbook.reconcile")
record ReconcileSettings(
        @DefaultValue("30s") Duration unconfirmedGrace,
        @DefaultValue("10m") Duration stuckAfter) {
}

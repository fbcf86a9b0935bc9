package dev.scrapbook.save;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the reconcile pass treats an event as missing: {@code unconfirmedGrace} after a save whose publish the
 * broker never confirmed, {@code stuckAfter} after a confirmed event that produced no thumbnail (dead-lettered
 * while S3 was down). {@code abandonedAfter}: when an original whose save never finished is deleted
 * ({@link AbandonedOriginals}). The fault tests shorten them; production keeps the defaults.
 */
@ConfigurationProperties("scrapbook.reconcile")
record ReconcileSettings(
        @DefaultValue("30s") Duration unconfirmedGrace,
        @DefaultValue("10m") Duration stuckAfter,
        @DefaultValue("10m") Duration abandonedAfter) {
}

package dev.scrapbook.local;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local dispatcher's knobs, named after the RabbitmqSource's {@code delivery} spec they imitate and read as
 * its adapter reads them ({@link RabbitmqSourceRules}): {@code retry} tries after the first, waits from
 * {@code backoffDelay} (ISO-8601, as the adapter parses it) by {@code backoffPolicy}, then the dead-letter queue.
 * The default PT0.5S waits 1, 2, 4, 8 and 16 s before the five retries (the adapter doubles the delay even before
 * the first one).
 */
@ConfigurationProperties("scrapbook.dispatcher")
record DispatcherSettings(
        @DefaultValue("scrapbook.thumbnail") String queue,
        @DefaultValue("5") int retry,
        @DefaultValue("exponential") String backoffPolicy,
        @DefaultValue("PT0.5S") String backoffDelay,
        @DefaultValue("2") int parallelism,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("30s") Duration reconcileEvery) {

    DispatcherSettings {
        if (!backoffPolicy.equals("exponential") && !backoffPolicy.equals("linear")) {
            throw new IllegalArgumentException("scrapbook.dispatcher.backoff-policy must be exponential or linear,"
                    + " as a RabbitmqSource's delivery.backoffPolicy, not '" + backoffPolicy + "'");
        }
        RabbitmqSourceRules.backoffDelay(backoffDelay);
    }

    String deadLetterQueue() {
        return queue + ".dead";
    }

    Duration backoffBefore(int retryNumber) {
        return RabbitmqSourceRules.backoff(backoffPolicy, RabbitmqSourceRules.backoffDelay(backoffDelay), retryNumber);
    }
}

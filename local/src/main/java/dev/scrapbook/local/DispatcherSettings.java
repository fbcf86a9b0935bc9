package dev.scrapbook.local;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local dispatcher's knobs, named after the Knative delivery spec they imitate: {@code retry} tries
 * after the first, exponential backoff from {@code backoffDelay}, then the dead-letter queue.
 */
@ConfigurationProperties("scrapbook.dispatcher")
record DispatcherSettings(
        @DefaultValue("scrapbook.thumbnail") String queue,
        @DefaultValue("5") int retry,
        @DefaultValue("1s") Duration backoffDelay,
        @DefaultValue("2") int parallelism,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("30s") Duration reconcileEvery) {

    String deadLetterQueue() {
        return queue + ".dead";
    }
}

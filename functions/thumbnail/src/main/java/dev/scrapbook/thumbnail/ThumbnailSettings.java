package dev.scrapbook.thumbnail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code lease}: how long a delivery holds an image it claimed (longer than any thumbnail takes: Knative's default
 * request timeout is 5 minutes); a worker that dies releases its images when their lease runs out.
 * {@code maxEventSize}: the largest request body the CloudEvent endpoint reads; ours carry a few dozen bytes.
 */
@ConfigurationProperties("scrapbook.thumbnail")
record ThumbnailSettings(
        @DefaultValue("5m") Duration lease,
        @DefaultValue("64KB") DataSize maxEventSize) {
}

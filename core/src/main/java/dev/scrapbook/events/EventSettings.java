package dev.scrapbook.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The topic exchange image-saved events go to, and how long to wait for the broker's confirm. */
@ConfigurationProperties("scrapbook.events")
public record EventSettings(
        @DefaultValue("scrapbook.images") String exchange,
        @DefaultValue("5s") Duration confirmTimeout) {
}

package dev.scrapbook.thumbnail;

import java.util.function.Function;

import org.springframework.stereotype.Component;

import dev.scrapbook.events.ImageSavedEvent;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The thumbnail function ({@code thumbnail} in the function catalog): an image-saved CloudEvent in,
 * an {@link Outcome} out. Transient failures (S3 or PostgreSQL down) are thrown, so the event source
 * sees a 5xx and retries; everything else is an outcome and a 2xx.
 */
@Component("thumbnail")
public class ThumbnailFunction implements Function<CloudEvent, Outcome> {

    private final Thumbnailer thumbnailer;
    private final MeterRegistry meters;

    ThumbnailFunction(Thumbnailer thumbnailer, MeterRegistry meters) {
        this.thumbnailer = thumbnailer;
        this.meters = meters;
    }

    /** Timed as {@code scrapbook.thumbnails}, tagged by outcome: made, skipped, rejected, or error (retried). */
    @Override
    public Outcome apply(CloudEvent event) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            Outcome handled = handle(event);
            outcome = handled.outcome().name();
            return handled;
        } finally {
            sample.stop(Timer.builder("scrapbook.thumbnails").description("image-saved events handled, by outcome")
                    .tag("outcome", outcome).register(meters));
        }
    }

    private Outcome handle(CloudEvent event) {
        return ImageSavedEvent.imageId(event)
                .map(thumbnailer::make)
                .orElseGet(() -> Outcome.skipped("not an image-saved event with an image id: " + event.getType()));
    }
}

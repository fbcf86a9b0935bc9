package dev.scrapbook.thumbnail;

import java.util.function.Function;

import org.springframework.stereotype.Component;

import dev.scrapbook.events.ImageSavedEvent;
import io.cloudevents.CloudEvent;

/**
 * The thumbnail function ({@code thumbnail} in the function catalog): an image-saved CloudEvent in,
 * an {@link Outcome} out. Transient failures (S3 or PostgreSQL down) are thrown, so the event source
 * sees a 5xx and retries; everything else is an outcome and a 2xx.
 */
@Component("thumbnail")
public class ThumbnailFunction implements Function<CloudEvent, Outcome> {

    private final Thumbnailer thumbnailer;

    ThumbnailFunction(Thumbnailer thumbnailer) {
        this.thumbnailer = thumbnailer;
    }

    @Override
    public Outcome apply(CloudEvent event) {
        return ImageSavedEvent.imageId(event)
                .map(thumbnailer::make)
                .orElseGet(() -> Outcome.skipped("not an image-saved event with an image id: " + event.getType()));
    }
}

package dev.scrapbook.thumbnail;

import java.util.UUID;
import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.web.ApiProblem;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The thumbnail function ({@code thumbnail} in the function catalog): an image-saved CloudEvent in, an
 * {@link Outcome} out (answered 2xx, so the source acks it). Transient failures (S3 or PostgreSQL unreachable)
 * are thrown and answered 503, which the RabbitmqSource retries; it retries only 404, 413, 425, 429, 502, 503 and
 * 504, never a 500. An event of another type, or without an image id, is refused with a 422, which the source
 * does not retry: it dead-letters it where someone can see it (a message that is no CloudEvent at all reaches us
 * wrapped as {@code dev.knative.rabbitmq.event}).
 */
@Component("thumbnail")
public class ThumbnailFunction implements Function<CloudEvent, Outcome> {

    private final Thumbnailer thumbnailer;
    private final MeterRegistry meters;

    ThumbnailFunction(Thumbnailer thumbnailer, MeterRegistry meters) {
        this.thumbnailer = thumbnailer;
        this.meters = meters;
    }

    /**
     * Timed as {@code scrapbook.thumbnails}, tagged by outcome: made, skipped, rejected, refused (not our event),
     * or error (transient, retried).
     */
    @Override
    public Outcome apply(CloudEvent event) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            UUID imageId = ImageSavedEvent.imageId(event).orElseThrow(() -> notOurs(event));
            Outcome handled = thumbnailer.make(imageId);
            outcome = handled.outcome().name();
            return handled;
        } catch (ApiProblem refused) {
            outcome = "refused";
            throw refused;
        } finally {
            sample.stop(Timer.builder("scrapbook.thumbnails").description("image-saved events handled, by outcome")
                    .tag("outcome", outcome).register(meters));
        }
    }

    private static ApiProblem notOurs(CloudEvent event) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "unexpected-event",
                "expected a %s event whose subject is an image id, got type %s, subject %s"
                        .formatted(ImageSavedEvent.TYPE, event.getType(), event.getSubject()));
    }
}

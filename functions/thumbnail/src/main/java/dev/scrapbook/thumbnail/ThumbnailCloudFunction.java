package dev.scrapbook.thumbnail;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.gcf.GcfMessages;
import dev.scrapbook.gcf.GcfTraceContext;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.web.ApiProblem;
import io.cloudevents.CloudEvent;

/**
 * {@link ThumbnailFunction} as Google Cloud Functions calls it through Spring Cloud Function's GCP adapter
 * ({@code thumbnailCloudEvent}, the deployable's default {@code function.name}). Eventarc delivers CloudEvents over
 * HTTP in binary mode; they are read with the same reader as {@link CloudEventEndpoint}. Two kinds are handled:
 * Cloud Storage's object-finalized event for an original ({@link OriginalFinalized}: the trigger that
 * {@code deploy.sh gcf} creates on the originals bucket), made into the image-saved event of that image, and the
 * image-saved event itself, for a relay that carries the app's own events. A malformed event is a 400 and any
 * other event a 200 "skipped" (neither is retried); a transient failure is thrown, so the invoker answers 500 and
 * Eventarc retries with backoff.
 */
@Component("thumbnailCloudEvent")
class ThumbnailCloudFunction implements Function<Message<?>, Message<Object>> {

    /**
     * save-image writes the original before its row (ImageSaver), so the storage event can outrun the row's
     * commit: within this time a missing row is retried. Later it means the save was undone (its row could not be
     * written, so it deleted the original again).
     */
    static final Duration ROW_COMMIT_GRACE = Duration.ofMinutes(2);

    private final ThumbnailFunction thumbnail;
    private final ImageRepository images;
    private final StorageSettings buckets;
    private final Clock clock;
    private final GcfTraceContext traces;
    private final ObjectMapper json;

    ThumbnailCloudFunction(ThumbnailFunction thumbnail, ImageRepository images, StorageSettings buckets, Clock clock,
            GcfTraceContext traces, ObjectMapper json) {
        this.thumbnail = thumbnail;
        this.images = images;
        this.buckets = buckets;
        this.clock = clock;
        this.traces = traces;
        this.json = json;
    }

    /** Within the caller's trace: an image-saved event carries the save's in its traceparent extension. */
    @Override
    public Message<Object> apply(Message<?> request) {
        return traces.within(request, "thumbnail cloud event", () -> handle(request));
    }

    private Message<Object> handle(Message<?> request) {
        try {
            CloudEvent event = CloudEventEndpoint.read(GcfMessages.headers(request), GcfMessages.body(request));
            if (!OriginalFinalized.TYPE.equals(event.getType())) {
                return GcfMessages.answer(200, thumbnail.apply(event));
            }
            return GcfMessages.answer(200, OriginalFinalized.of(event, buckets.originalsBucket(), json)
                    .map(this::thumbnailOf)
                    .orElseGet(() -> Outcome.skipped("not an original of the bucket " + buckets.originalsBucket())));
        } catch (ApiProblem problem) {
            return GcfMessages.problem(problem, json);
        }
    }

    private Outcome thumbnailOf(OriginalFinalized original) {
        if (images.findById(original.imageId()).isEmpty()) {
            if (original.finalizedAt() != null
                    && original.finalizedAt().toInstant().isAfter(clock.instant().minus(ROW_COMMIT_GRACE))) {
                throw ApiProblem.unavailable("image " + original.imageId() + " has no row yet: its save is still committing",
                        null);
            }
            return Outcome.skipped("image " + original.imageId() + " has no row: its save did not complete");
        }
        return thumbnail.apply(ImageSavedEvent.of(original.imageId()));
    }
}

package dev.scrapbook.thumbnail;

import java.util.function.Function;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.gcf.GcfMessages;
import dev.scrapbook.gcf.GcfTraceContext;
import dev.scrapbook.web.ApiProblem;

/**
 * {@link ThumbnailFunction} as Google Cloud Functions calls it through Spring Cloud Function's GCP adapter
 * ({@code thumbnailCloudEvent}, the deployable's default {@code function.name}). Eventarc delivers a
 * CloudEvent over HTTP in binary mode as a Knative source does; it is read with the same reader as
 * {@link CloudEventEndpoint}. A malformed event is a 400 (not retried); a transient failure is thrown, so the
 * invoker answers 500 and the trigger retries.
 */
@Component("thumbnailCloudEvent")
class ThumbnailCloudFunction implements Function<Message<?>, Message<Object>> {

    private final ThumbnailFunction thumbnail;
    private final GcfTraceContext traces;
    private final ObjectMapper json;

    ThumbnailCloudFunction(ThumbnailFunction thumbnail, GcfTraceContext traces, ObjectMapper json) {
        this.thumbnail = thumbnail;
        this.traces = traces;
        this.json = json;
    }

    /** Within the save's trace, carried by the event's traceparent extension. */
    @Override
    public Message<Object> apply(Message<?> request) {
        return traces.within(request, "thumbnail cloud event", () -> handle(request));
    }

    private Message<Object> handle(Message<?> request) {
        try {
            return GcfMessages.answer(200,
                    thumbnail.apply(CloudEventEndpoint.read(GcfMessages.headers(request), GcfMessages.body(request))));
        } catch (ApiProblem problem) {
            return GcfMessages.problem(problem, json);
        }
    }
}

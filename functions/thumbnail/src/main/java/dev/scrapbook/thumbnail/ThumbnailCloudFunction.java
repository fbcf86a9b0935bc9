package dev.scrapbook.thumbnail;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.web.ApiProblem;

/**
 * {@link ThumbnailFunction} as Google Cloud Functions calls it through Spring Cloud Function's GCP adapter
 * ({@code thumbnailCloudEvent}, the deployable's default {@code function.name}). Eventarc delivers a
 * CloudEvent over HTTP in binary mode as a Knative source does, but the adapter hands over the request as
 * a message of the body's reader and of headers whose values are lists, so it is read here with the same reader as {@link CloudEventEndpoint}.
 * A malformed event is a 400 (not retried); a transient failure is thrown, so the invoker answers 500 and
 * the trigger retries.
 */
@Component("thumbnailCloudEvent")
class ThumbnailCloudFunction implements Function<Message<?>, Message<Object>> {

    /** The adapter's header for the HTTP status (FunctionInvoker.HTTP_STATUS_CODE). */
    static final String STATUS = "statusCode";

    private final ThumbnailFunction thumbnail;
    private final ObjectMapper json;

    ThumbnailCloudFunction(ThumbnailFunction thumbnail, ObjectMapper json) {
        this.thumbnail = thumbnail;
        this.json = json;
    }

    @Override
    public Message<Object> apply(Message<?> request) {
        try {
            Outcome outcome = thumbnail.apply(CloudEventEndpoint.read(httpHeaders(request.getHeaders()), body(request.getPayload())));
            return MessageBuilder.<Object>withPayload(outcome).setHeader(STATUS, 200).build();
        } catch (ApiProblem problem) {
            if (problem.status().is5xxServerError()) {
                throw problem;
            }
            ProblemDetail detail = problem.toProblemDetail();
            // Bytes, because the adapter converts only application/json payloads itself.
            return MessageBuilder.<Object>withPayload(toJson(detail))
                    .setHeader(STATUS, detail.getStatus())
                    .setHeader(MessageHeaders.CONTENT_TYPE, "application/problem+json")
                    .build();
        }
    }

    private byte[] toJson(ProblemDetail detail) {
        try {
            return json.writeValueAsBytes(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem detail is always writable", e);
        }
    }

    /** The adapter passes the request's reader through unconverted; the event's data is JSON text. */
    static byte[] body(Object payload) {
        return switch (payload) {
            case byte[] bytes -> bytes;
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            case Reader reader -> readAll(reader).getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
    }

    private static String readAll(Reader reader) {
        try (reader) {
            StringWriter text = new StringWriter();
            reader.transferTo(text);
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    static HttpHeaders httpHeaders(Map<String, Object> messageHeaders) {
        HttpHeaders headers = new HttpHeaders();
        messageHeaders.forEach((name, value) -> {
            if (value instanceof Collection<?> values) {
                values.forEach(one -> headers.add(name, String.valueOf(one)));
            } else if (value instanceof String one) {
                headers.add(name, one);
            }
        });
        return headers;
    }
}

package dev.scrapbook.gcf;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.web.ApiProblem;

/**
 * The request and answer of a Google Cloud Function as Spring Cloud Function's GCP adapter (FunctionInvoker)
 * passes them: the body as the request's reader, unconverted; header values as lists; the answer's status in
 * the {@code statusCode} header. The adapter carries neither the path nor the query string, and reads bodies as
 * characters, so binary uploads can't pass through it.
 */
public final class GcfMessages {

    /** The adapter's header for the HTTP status (FunctionInvoker.HTTP_STATUS_CODE). */
    public static final String STATUS = "statusCode";

    private GcfMessages() {
    }

    public static HttpHeaders headers(Message<?> request) {
        HttpHeaders headers = new HttpHeaders();
        request.getHeaders().forEach((name, value) -> {
            if (value instanceof Collection<?> values) {
                values.forEach(one -> headers.add(name, String.valueOf(one)));
            } else if (value instanceof String one) {
                headers.add(name, one);
            }
        });
        return headers;
    }

    /** The body as UTF-8 bytes (the adapter reads it as text; JSON and CloudEvent data are text). */
    public static byte[] body(Message<?> request) {
        return switch (request.getPayload()) {
            case byte[] bytes -> bytes;
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            case Reader reader -> readAll(reader).getBytes(StandardCharsets.UTF_8);
            default -> new byte[0];
        };
    }

    public static Message<Object> answer(int status, Object payload) {
        return MessageBuilder.<Object>withPayload(payload).setHeader(STATUS, status).build();
    }

    /** A 4xx problem as the HTTP bindings answer it; a 5xx is thrown on, so the invoker answers 500 and triggers retry. */
    public static Message<Object> problem(ApiProblem problem, ObjectMapper json) {
        if (problem.status().is5xxServerError()) {
            throw problem;
        }
        ProblemDetail detail = problem.toProblemDetail();
        try {
            // Bytes, because the adapter converts only application/json payloads itself.
            return MessageBuilder.<Object>withPayload(json.writeValueAsBytes(detail))
                    .setHeader(STATUS, detail.getStatus())
                    .setHeader(MessageHeaders.CONTENT_TYPE, "application/problem+json")
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem detail is always writable", e);
        }
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
}

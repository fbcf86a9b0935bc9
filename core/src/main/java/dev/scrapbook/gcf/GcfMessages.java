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
 *
 * <p>Every answer names its charset. The adapter writes the body through the invoker's {@code getWriter()}
 * (spring-cloud-function v4.3.0, FunctionInvoker#buildHttpResponse), and Jetty's writer encodes with the
 * response content type's charset, ISO-8859-1 when it names none (only {@code application/json} is assumed
 * UTF-8): a page title in Japanese would reach the caller as question marks. The payload itself becomes JSON in
 * the function catalog, with the application's Jackson mapper ({@link GcfJson}).
 */
public final class GcfMessages {

    /** The adapter's header for the HTTP status (FunctionInvoker.HTTP_STATUS_CODE). */
    public static final String STATUS = "statusCode";
    static final String JSON = "application/json;charset=UTF-8";
    static final String PROBLEM_JSON = "application/problem+json;charset=UTF-8";

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

    /** A JSON answer: the catalog writes the payload with the application's Jackson mapper. */
    public static Message<Object> answer(int status, Object payload) {
        return MessageBuilder.<Object>withPayload(payload).setHeader(STATUS, status)
                .setHeader(MessageHeaders.CONTENT_TYPE, JSON).build();
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
                    .setHeader(MessageHeaders.CONTENT_TYPE, PROBLEM_JSON)
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

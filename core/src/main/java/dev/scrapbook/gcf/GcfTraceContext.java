package dev.scrapbook.gcf;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Continues the caller's W3C trace in a Cloud Functions call. There the adapter runs no web server, so no HTTP
 * server observation reads {@code traceparent}; this does, falling back to a CloudEvent's {@code ce-traceparent}
 * (Eventarc delivers the event's extensions so), and runs the work inside a span of that trace.
 */
@Component
public class GcfTraceContext {

    private static final String CLOUDEVENT_PREFIX = "ce-";

    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    GcfTraceContext(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public <T> T within(Message<?> request, String name, Supplier<T> work) {
        Tracer current = tracer.getIfAvailable();
        Propagator w3c = propagator.getIfAvailable();
        if (current == null || w3c == null) {
            return work.get();
        }
        HttpHeaders headers = GcfMessages.headers(request);
        Span span = w3c.extract(headers, GcfTraceContext::traceHeader).name(name).kind(Span.Kind.SERVER).start();
        try (Tracer.SpanInScope scope = current.withSpan(span)) {
            return work.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private static String traceHeader(HttpHeaders headers, String key) {
        String own = headers.getFirst(key);
        return own != null ? own : headers.getFirst(CLOUDEVENT_PREFIX + key);
    }
}

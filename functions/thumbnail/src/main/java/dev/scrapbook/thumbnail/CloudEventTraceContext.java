package dev.scrapbook.thumbnail;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.scrapbook.events.ImageSavedEvent;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Continues the save's trace in the thumbnail function. The event carries the save's W3C trace context as its
 * {@code traceparent} extension, which a RabbitmqSource (or the local dispatcher) delivers as the
 * {@code ce-traceparent} header; the HTTP server observation reads only {@code traceparent}. So, when a request
 * has no {@code traceparent} of its own, the event's is offered under that name, before the observation starts.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CloudEventTraceContext extends OncePerRequestFilter {

    static final String EVENT_HEADER = "ce-" + ImageSavedEvent.TRACEPARENT;
    static final String TRACESTATE_HEADER = "ce-" + ImageSavedEvent.TRACESTATE;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(ImageSavedEvent.TRACEPARENT) != null || request.getHeader(EVENT_HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new EventTraced(request), response);
    }

    private static final class EventTraced extends HttpServletRequestWrapper {

        EventTraced(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return super.getHeader(fromEvent(name));
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return super.getHeaders(fromEvent(name));
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Stream.concat(Collections.list(super.getHeaderNames()).stream(),
                    Stream.of(ImageSavedEvent.TRACEPARENT, ImageSavedEvent.TRACESTATE)).distinct().toList();
            return Collections.enumeration(names);
        }

        private static String fromEvent(String name) {
            if (ImageSavedEvent.TRACEPARENT.equalsIgnoreCase(name)) {
                return EVENT_HEADER;
            }
            return ImageSavedEvent.TRACESTATE.equalsIgnoreCase(name) ? TRACESTATE_HEADER : name;
        }
    }
}

package dev.scrapbook.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.web.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps the actuator from the public: a Knative service has one port, so the scrape endpoint shares it with the
 * API, and Knative's queue-proxy reaches the container from loopback, so the caller's address proves nothing there.
 * Everything under {@code /actuator} but the health probes needs {@code SCRAPBOOK_METRICS_TOKEN} as a bearer token;
 * without a token it is closed (403 problem), except in the local runtime, which opens it to loopback callers
 * ({@code scrapbook.metrics.loopback=true}) because nothing else reaches a machine's own process.
 * <p>
 * The path is judged as routing reads it, not as the request line spells it: {@code /actuator/%70rometheus} and
 * {@code /actuator;x=1/prometheus} reach the same endpoint as {@code /actuator/prometheus}, so each segment is
 * percent-decoded and stripped of its path parameters, empty and dot segments are resolved and case is ignored.
 * What that reading puts under {@code /actuator} is guarded even where routing would not find it.
 */
@Component
public class MetricsAccess extends OncePerRequestFilter {

    static final String PATH = "/actuator/prometheus";
    /** What Knative and an operator probe: answered from the application's own state, status only. */
    private static final Set<List<String>> OPEN = Set.of(List.of("actuator", "health"),
            List.of("actuator", "health", "liveness"), List.of("actuator", "health", "readiness"));

    private final byte[] token;
    private final boolean loopback;
    private final ObjectMapper json;

    MetricsAccess(@Value("${scrapbook.metrics.token:}") String token, @Value("${scrapbook.metrics.loopback:false}") boolean loopback,
            ObjectMapper json) {
        this.token = token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.loopback = loopback;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        try {
            List<String> segments = segmentsAsRouted(request);
            return segments.isEmpty() || !segments.getFirst().equals("actuator") || OPEN.contains(segments);
        } catch (IllegalArgumentException unreadablePath) {
            return false;
        }
    }

    /** The request path as routing matches it: decoded segments without path parameters, dot segments resolved. */
    static List<String> segmentsAsRouted(HttpServletRequest request) {
        Deque<String> segments = new ArrayDeque<>();
        for (PathContainer.Element element : RequestPath.parse(request.getRequestURI(), request.getContextPath())
                .pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                String value = segment.valueToMatch().toLowerCase(Locale.ROOT);
                switch (value) {
                    case "", "." -> { }
                    case ".." -> segments.pollLast();
                    default -> segments.addLast(value);
                }
            }
        }
        return List.copyOf(segments);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (allowed(request)) {
            chain.doFilter(request, response);
            return;
        }
        ApiProblem refusal = new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", token == null
                ? "the actuator is closed: set SCRAPBOOK_METRICS_TOKEN and send it as a bearer token"
                : "send the metrics token as Authorization: Bearer <SCRAPBOOK_METRICS_TOKEN>");
        refusal.writeTo(response, json);
    }

    boolean allowed(HttpServletRequest request) {
        if (token != null) {
            String sent = request.getHeader(HttpHeaders.AUTHORIZATION);
            return sent != null && MessageDigest.isEqual(token, sent.getBytes(StandardCharsets.UTF_8));
        }
        return loopback && isLoopback(request.getRemoteAddr());
    }

    private static boolean isLoopback(String address) {
        try {
            // A literal address from the connection, so no name lookup happens here.
            return InetAddress.ofLiteral(address).isLoopbackAddress();
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }
}

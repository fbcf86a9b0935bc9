package dev.scrapbook.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.web.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps {@code /actuator/prometheus} from the public: a Knative service has one port, so the scrape endpoint
 * shares it with the API, and Knative's queue-proxy reaches the container from loopback, so the caller's
 * address proves nothing there. The scraper must send {@code SCRAPBOOK_METRICS_TOKEN} as a bearer token; without
 * a token the endpoint is closed (403 problem), except in the local runtime, which opens it to loopback callers
 * ({@code scrapbook.metrics.loopback=true}) because nothing else reaches a machine's own process.
 */
@Component
public class MetricsAccess extends OncePerRequestFilter {

    static final String PATH = "/actuator/prometheus";

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
        return !request.getRequestURI().startsWith(PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (allowed(request)) {
            chain.doFilter(request, response);
            return;
        }
        ApiProblem refusal = new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", token == null
                ? "metrics are closed: set SCRAPBOOK_METRICS_TOKEN and send it as a bearer token"
                : "send the metrics token as Authorization: Bearer <SCRAPBOOK_METRICS_TOKEN>");
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), refusal.toProblemDetail());
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

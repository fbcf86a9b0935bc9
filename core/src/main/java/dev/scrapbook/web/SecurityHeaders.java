package dev.scrapbook.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.scrapbook.storage.StorageSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A strict Content-Security-Policy (no inline script or style) on every response: even if some saved
 * page title slipped past escaping, the browser would not run it. Images may also come from the S3
 * store's public origin, where presigned URLs point; the page may call the functions' own hosts when a cluster
 * gives them one ({@link PublicEndpoints}).
 */
@Component
class SecurityHeaders extends OncePerRequestFilter {

    private final String policy;

    SecurityHeaders(StorageSettings storage, PublicEndpoints endpoints) {
        this.policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: "
                + storage.publicOrigin() + "; connect-src " + connectSources(endpoints)
                + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    }

    private static String connectSources(PublicEndpoints endpoints) {
        List<String> sources = new ArrayList<>(List.of("'self'"));
        sources.addAll(endpoints.otherOrigins());
        return String.join(" ", sources);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", policy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        response.setHeader("X-Frame-Options", "DENY");
        chain.doFilter(request, response);
    }
}

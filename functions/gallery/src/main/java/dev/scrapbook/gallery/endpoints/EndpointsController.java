package dev.scrapbook.gallery.endpoints;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.web.PublicEndpoints;

/**
 * The one URL a person gives the extension and opens in the browser is the gallery's; this names where the other
 * functions answer. "" means the gallery's own origin (one machine). Public and cacheable: it holds no secret.
 */
@RestController
class EndpointsController {

    private final Map<String, String> endpoints;

    EndpointsController(PublicEndpoints settings) {
        this.endpoints = Map.of("saveImage", text(settings.saveImage()), "share", text(settings.share()));
    }

    @GetMapping("/api/endpoints")
    ResponseEntity<Map<String, String>> endpoints() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()).body(endpoints);
    }

    private static String text(URI uri) {
        return uri == null ? "" : uri.toString().replaceAll("/+$", "");
    }
}

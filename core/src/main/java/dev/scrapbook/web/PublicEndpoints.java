package dev.scrapbook.web;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the browser and the extension reach each function when they are not all on one origin (a Knative
 * cluster gives every service its own host). Unset means "the gallery's own origin", as on one machine.
 * The gallery names them at {@code GET /api/endpoints}; the functions named here accept cross-origin calls from
 * {@code corsAllowedOrigins} (the gallery's origin). Bearer tokens, never cookies, so CORS needs no credentials.
 *
 * @param saveImage          {@code SCRAPBOOK_ENDPOINTS_SAVE_IMAGE}, e.g. https://save-image.scrapbook.example.com
 * @param share              {@code SCRAPBOOK_ENDPOINTS_SHARE}
 * @param corsAllowedOrigins {@code SCRAPBOOK_ENDPOINTS_CORS_ALLOWED_ORIGINS}, comma-separated; empty: same origin only
 */
@ConfigurationProperties("scrapbook.endpoints")
public record PublicEndpoints(URI saveImage, URI share, @DefaultValue("") List<String> corsAllowedOrigins) {

    public PublicEndpoints {
        corsAllowedOrigins = corsAllowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    /** Origins the gallery page may call besides its own, for its Content-Security-Policy. */
    public List<String> otherOrigins() {
        return Stream.of(saveImage, share).filter(Objects::nonNull)
                .map(uri -> uri.getScheme() + "://" + uri.getRawAuthority()).distinct().toList();
    }
}

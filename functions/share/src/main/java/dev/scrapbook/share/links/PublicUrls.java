package dev.scrapbook.share.links;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.scrapbook.share.ShareSettings;
import jakarta.servlet.http.HttpServletRequest;

/** Absolute URLs of a link's page and pictures, as people and chat apps outside will fetch them. */
@Component
class PublicUrls {

    private final ShareSettings settings;

    PublicUrls(ShareSettings settings) {
        this.settings = settings;
    }

    String page(HttpServletRequest request, String token) {
        return base(request) + "/s/" + token;
    }

    String base(HttpServletRequest request) {
        String base = settings.publicUrl() != null ? settings.publicUrl().toString()
                : ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}

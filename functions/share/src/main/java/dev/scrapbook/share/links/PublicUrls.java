package dev.scrapbook.share.links;

import java.net.InetAddress;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.scrapbook.share.ShareSettings;

/**
 * Absolute URLs of a link's page and pictures, as people and chat apps outside will fetch them. Their origin is
 * {@code SCRAPBOOK_SHARE_PUBLIC_URL}, never the request's Host header, which is the caller's to choose
 * ({@code Host: evil.example} would hand out links to evil.example). The local runtime uses its own address and
 * port instead, known once its server listens; any other server without the setting refuses to start.
 */
@Component
class PublicUrls {

    private final ShareSettings settings;
    private final String bindAddress;
    private volatile String base;

    PublicUrls(ShareSettings settings, @Value("${server.address:127.0.0.1}") String bindAddress) {
        this.settings = settings;
        this.bindAddress = bindAddress;
        this.base = settings.publicUrl() == null ? null : withoutTrailingSlash(settings.publicUrl().toString());
    }

    /** Checked when a server starts listening: a Cloud Functions deployable serves no links and needs no origin. */
    @EventListener
    void serving(WebServerInitializedEvent event) {
        if (base != null) {
            return;
        }
        if (!settings.ownOrigin()) {
            throw new IllegalStateException("SCRAPBOOK_SHARE_PUBLIC_URL must be set to where people reach the share"
                    + " function (e.g. https://share.example.com): link URLs are never taken from a request's Host header");
        }
        if (isWildcard(bindAddress)) {
            throw new IllegalStateException("SCRAPBOOK_BIND=" + bindAddress + " listens on every address: set"
                    + " SCRAPBOOK_SHARE_PUBLIC_URL to the address people use to reach this machine");
        }
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        base = "http://" + host + ":" + event.getWebServer().getPort();
    }

    String page(String token) {
        return base() + "/s/" + token;
    }

    String base() {
        if (base == null) {
            throw new IllegalStateException("no public origin for share links: the server has not started");
        }
        return base;
    }

    private static boolean isWildcard(String address) {
        try {
            return InetAddress.ofLiteral(address).isAnyLocalAddress();
        } catch (IllegalArgumentException aName) {
            return false;
        }
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

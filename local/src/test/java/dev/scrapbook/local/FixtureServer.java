package dev.scrapbook.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * Web sites on loopback for the save-by-URL tests. {@code site} (allow-listed by the test) serves the
 * sample photographs and redirects wherever {@code /redirect?to=} says; {@code secret} stands for an
 * internal service on a port nobody listed, and counts every request that reaches it.
 */
final class FixtureServer implements AutoCloseable {

    private final HttpServer site;
    private final HttpServer secret;
    final AtomicInteger secretHits = new AtomicInteger();

    FixtureServer(Path photos) throws IOException {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/photos/", exchange -> servePhoto(exchange, photos));
        site.createContext("/redirect", exchange -> {
            String to = URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring(3), StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Location", to);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        site.start();
        secret = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        secret.createContext("/", exchange -> {
            secretHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        secret.start();
    }

    private static void servePhoto(HttpExchange exchange, Path photos) throws IOException {
        Path file = photos.resolve(exchange.getRequestURI().getPath().substring("/photos/".length())).normalize();
        if (!file.startsWith(photos) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Adds pages to the allow-listed site (the extension's test pages live under their own path). */
    void serve(String path, HttpHandler handler) {
        site.createContext(path, handler);
    }

    /** The allow-list entry for the site, in SCRAPBOOK_FETCH_ALLOWED_HOSTS form. */
    String siteHostPort() {
        return "127.0.0.1:" + site.getAddress().getPort();
    }

    String site(String path) {
        return "http://" + siteHostPort() + path;
    }

    String secret(String path) {
        return "http://127.0.0.1:" + secret.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        site.stop(0);
        secret.stop(0);
    }
}

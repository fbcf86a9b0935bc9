package dev.scrapbook.local;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The pages the extension is tested on, under {@code /ext/} of the fixture site: a plain image, a srcset, a lazy
 * {@code data-src} image, an image served only with the page's session cookie, a page for the picker (img,
 * picture, CSS background, a too-small icon), images to put on boards, an image under an overlay (the keyboard
 * shortcut), and one photograph as two files (its JPEG, and a half-size PNG of it). Other images are PNGs drawn
 * on request, distinct per name, of the size the query asks for.
 */
final class ExtensionTestSite implements HttpHandler {

    static final String COOKIE = "scrapbook_fixture_session";
    private static ExtensionTestSite installed;

    /** The one instance, served under /ext/ of the fixture site (the test classes share the site). */
    static synchronized ExtensionTestSite on(FixtureServer web) {
        if (installed == null) {
            installed = new ExtensionTestSite();
            web.serve("/ext/", installed);
        }
        return installed;
    }
    private static final String LAZY_PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==";

    private static final long HUGE_BYTES = 30L * 1024 * 1024;
    private static final String SVG = """
            <svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="300" height="200" fill="teal"/></svg>""";

    private ExtensionTestSite() {
    }

    private final String session = UUID.randomUUID().toString();
    /** Requests for the cookie-only image that came without the cookie: the server's own fetch. */
    final AtomicInteger refusedWithoutCookie = new AtomicInteger();
    final AtomicInteger servedWithCookie = new AtomicInteger();

    private static final Map<String, String> PAGES = Map.ofEntries(
            Map.entry("/ext/plain.html", page("Plain image", """
                    <img id="plain" src="img/plain.png?w=640&amp;h=480" alt="A plain test image">""")),
            Map.entry("/ext/srcset.html", page("Srcset image", """
                    <img id="srcset" src="img/srcset-400.png?w=400&amp;h=300" width="200"
                         srcset="img/srcset-400.png?w=400&amp;h=300 400w, img/srcset-1600.png?w=1600&amp;h=1200 1600w,
                                 img/srcset-800.png?w=800&amp;h=600 800w" sizes="200px" alt="Responsive image">""")),
            Map.entry("/ext/lazy.html", page("Lazy image", """
                    <img id="lazy" class="lazyload" src="%s" data-src="img/lazy-real.png?w=900&amp;h=600"
                         width="300" height="200" alt="Lazy image">""".formatted(LAZY_PLACEHOLDER))),
            Map.entry("/ext/cookie.html", page("Members only", """
                    <img id="private" src="private/photo.png" width="320" height="240" alt="Members-only image">""")),
            Map.entry("/ext/picker.html", page("Picker page", """
                    <img id="a" src="img/picker-a.png?w=300&amp;h=200" alt="Picker A">
                    <picture>
                      <source srcset="img/picker-b-wide.png?w=1200&amp;h=600 1200w, img/picker-b.png?w=600&amp;h=300 600w"
                              media="(min-width: 1px)" sizes="600px">
                      <img id="b" src="img/picker-b-fallback.png?w=300&amp;h=150" alt="Picker B">
                    </picture>
                    <div id="c" class="hero" aria-label="Picker C"></div>
                    <img id="icon" src="img/icon.png?w=48&amp;h=48" alt="too small">
                    <img id="plain" src="img/plain.png?w=640&amp;h=480" alt="A plain test image">""")),
            Map.entry("/ext/boards.html", page("Board images", """
                    <img id="first" src="img/board-first.png?w=500&amp;h=400" alt="First for a board">
                    <img id="second" src="img/board-second.png?w=520&amp;h=400" alt="Second for a board">
                    <img id="third" src="img/board-third.png?w=540&amp;h=400" alt="Third for a board">""")),
            Map.entry("/ext/hover.html", page("Image under an overlay", """
                    <figure id="card" style="position:relative;width:480px;height:360px;margin:0">
                      <img id="covered" src="img/covered.png?w=960&amp;h=720" width="480" height="360" alt="Covered image">
                      <a id="overlay" href="#card" aria-label="Open" style="position:absolute;inset:0"></a>
                    </figure>""")),
            Map.entry("/ext/similar.html", page("One photograph, two files", """
                    <img id="photo" src="photo/original.jpg" width="480" alt="The photograph">
                    <img id="photo-again" src="photo/half.png" width="240" alt="The same photograph, half the size, as PNG">""")),
            Map.entry("/ext/vector.html", page("Vector image", """
                    <img id="vector" src="img/shape.svg" width="300" height="200" alt="A vector drawing">""")),
            Map.entry("/ext/huge.html", page("Huge image", """
                    <img id="huge" src="img/huge.png" width="300" height="200" alt="Too large">""")),
            Map.entry("/ext/picker.css", ".hero { width: 400px; height: 300px; background: url(img/picker-c.png?w=400&h=300) center/cover; }"));

    private static String page(String title, String body) {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <link rel="stylesheet" href="picker.css"></head>
                <body style="margin:40px;min-height:1200px">%s</body></html>""".formatted(title, body);
    }

    private final Map<String, byte[]> drawn = new HashMap<>();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try {
            if (path.equals("/ext/cookie.html")) {
                exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session + "; Path=/ext/; HttpOnly; SameSite=Lax");
            }
            if (PAGES.containsKey(path)) {
                send(exchange, 200, path.endsWith(".css") ? "text/css" : "text/html; charset=utf-8",
                        PAGES.get(path).getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/ext/private/photo.png")) {
                servePrivate(exchange);
            } else if (path.equals("/ext/photo/original.jpg")) {
                send(exchange, 200, "image/jpeg", Files.readAllBytes(photo()));
            } else if (path.equals("/ext/photo/half.png")) {
                send(exchange, 200, "image/png", halfSizePng());
            } else if (path.equals("/ext/img/shape.svg")) {
                send(exchange, 200, "image/svg+xml", SVG.getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/ext/img/huge.png")) {
                serveHuge(exchange);
            } else if (path.startsWith("/ext/img/") && path.endsWith(".png")) {
                send(exchange, 200, "image/png", draw(path, exchange.getRequestURI().getQuery()));
            } else {
                send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            exchange.close();
        }
    }

    /** A PNG signature and then zeros, more than the server's 25 MB cap: refused without being generated. */
    private static void serveHuge(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "image/png");
        exchange.sendResponseHeaders(200, HUGE_BYTES);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            for (long written = 8; written < HUGE_BYTES; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, HUGE_BYTES - written));
            }
        } catch (IOException e) {
            // The reader gave up once it had seen enough: that is the point.
        }
    }

    private void servePrivate(HttpExchange exchange) throws IOException {
        String cookies = String.join(";", exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of()));
        if (!cookies.contains(COOKIE + "=" + session)) {
            refusedWithoutCookie.incrementAndGet();
            send(exchange, 403, "text/plain", "members only".getBytes(StandardCharsets.UTF_8));
            return;
        }
        servedWithCookie.incrementAndGet();
        exchange.getResponseHeaders().add("Cache-Control", "private, no-store");
        send(exchange, 200, "image/png", draw("/ext/private/photo.png", "w=800&h=600"));
    }

    /** A real photograph (scripts/fetch-photos.sh): the picture hash is made for those. */
    private static Path photo() throws IOException {
        return LocalRuntimeTest.photos().stream().filter(p -> p.getFileName().toString().startsWith("free_by_")).findFirst()
                .orElse(LocalRuntimeTest.photos().getFirst());
    }

    /** The same picture as another file: half the size, PNG. */
    private synchronized byte[] halfSizePng() throws IOException {
        if (!drawn.containsKey("half.png")) {
            BufferedImage picture = ImageIO.read(photo().toFile());
            BufferedImage half = new BufferedImage(picture.getWidth() / 2, picture.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = half.createGraphics();
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(picture, 0, 0, half.getWidth(), half.getHeight(), null);
            graphics.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(half, "png", out);
            drawn.put("half.png", out.toByteArray());
        }
        return drawn.get("half.png");
    }

    private synchronized byte[] draw(String name, String query) {
        return drawn.computeIfAbsent(name + "?" + query, key -> {
            Map<String, Integer> size = new HashMap<>(Map.of("w", 200, "h", 200));
            for (String pair : (query == null ? "" : query).split("&")) {
                String[] parts = pair.split("=", 2);
                if (parts.length == 2 && parts[1].matches("\\d{1,4}")) {
                    size.put(parts[0], Integer.parseInt(parts[1]));
                }
            }
            return png(name, size.get("w"), size.get("h"));
        });
    }

    private static byte[] png(String label, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(0x404040 | (label.hashCode() & 0xBFBFBF)));
        graphics.fillRect(0, 0, width, height);
        // Stripes placed by the name's hash: every name and size is a different image (no font needed).
        graphics.setColor(Color.WHITE);
        int hash = label.hashCode();
        for (int i = 0; i < 8; i++) {
            if ((hash >>> i & 1) == 1) {
                graphics.fillRect(i * width / 8, 0, width / 16 + 1, height);
            }
        }
        graphics.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}

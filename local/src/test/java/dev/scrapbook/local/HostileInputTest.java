package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.local.ApiClient.Answer;

/**
 * Hostile text in every parameter: SQL metacharacters are data, never syntax (no 5xx, values come back as
 * sent); script in titles, alt texts, page URLs and usernames comes back as JSON text, under a CSP that runs
 * no inline script, to a page that never parses server text as HTML.
 */
class HostileInputTest extends LocalRuntimeTest {

    static final List<String> SQL = List.of("'", "\"", "';--", "'; drop table images; --", "' or '1'='1",
            "1) or (1=1", "\\", "%", "_", "$$", "$1", "\\x00", "' union select password_hash from users --",
            "ünïcødé ✓", "a\u0000b");

    static Stream<String> sql() {
        return SQL.stream();
    }

    /**
     * Each payload goes into every parameter. No answer is a 5xx, and for every payload the values are data:
     * stored and read back from the database exactly as sent (title, alt text, page and source URLs, token
     * name, and found again by the lookup's array query), or, for the NUL that PostgreSQL text can't hold,
     * refused with a 400 that stores nothing.
     */
    @ParameterizedTest(name = "[{0}]")
    @MethodSource("sql")
    void sqlMetacharactersInEveryParameterAreOnlyData(String payload) {
        ApiClient user = api().newUser();
        String q = URLEncoder.encode(payload, StandardCharsets.UTF_8);
        String pageUrl = "https://example.org/?q=" + q;
        String sourceUrl = "https://example.org/image?q=" + q;
        Answer saved = user.upload("/api/save?pageTitle=" + q + "&alt=" + q + "&pageUrl="
                + URLEncoder.encode(pageUrl, StandardCharsets.UTF_8) + "&sourceUrl="
                + URLEncoder.encode(sourceUrl, StandardCharsets.UTF_8), jpeg(), "image/jpeg");
        Answer token = user.post("/api/account/tokens", Map.of("name", payload));
        List<Answer> others = List.of(
                user.upload("/api/save?sourceUrl=" + q, jpeg(), "image/jpeg"),
                user.post("/api/save", Map.of("imageUrl", payload, "pageTitle", payload, "alt", payload)),
                user.post("/api/save", Map.of("imageUrl", WEB.site("/photos/" + payload))),
                user.post("/api/images/lookup", Map.of("sourceUrls", List.of(payload))),
                user.get("/api/images?cursor=" + q),
                user.get("/api/images?limit=" + q),
                user.get("/api/images/" + q),
                user.delete("/api/images/" + q),
                user.delete("/api/account/tokens/" + q),
                api().post("/api/account/signup", Map.of("username", payload, "password", payload + "long enough")),
                api().post("/api/account/login", Map.of("username", payload, "password", payload)));

        for (Answer answer : others) {
            // 502 is the fixture site answering 404 for a photo of that name: the origin's failure, reported as such.
            assertThat(answer.status() < 500 || answer.type().endsWith("/fetch-failed"))
                    .as(answer.raw().uri() + " " + answer.body()).isTrue();
        }
        if (payload.indexOf('\u0000') >= 0) {
            assertThat(saved.status()).as(saved.body().toString()).isEqualTo(400);
            assertThat(token.status()).as(token.body().toString()).isEqualTo(400);
            assertThat(user.get("/api/images").body().path("items")).isEmpty();
            assertThat(user.get("/api/account/tokens").body().path("items")).isEmpty();
            return;
        }
        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(201);
        JsonNode stored = user.get("/api/images/" + saved.body().path("id").asText()).body();
        assertThat(stored.path("pageTitle").asText()).isEqualTo(payload);
        assertThat(stored.path("alt").asText()).isEqualTo(payload);
        assertThat(stored.path("pageUrl").asText()).isEqualTo(pageUrl);
        assertThat(stored.path("sourceUrl").asText()).isEqualTo(sourceUrl);
        assertThat(token.status()).as(token.body().toString()).isEqualTo(201);
        assertThat(user.get("/api/account/tokens").body().path("items")).anySatisfy(listed ->
                assertThat(listed.path("name").asText()).isEqualTo(payload));
        assertThat(user.post("/api/images/lookup", Map.of("sourceUrls", List.of(sourceUrl, payload))).body().path("saved"))
                .singleElement().satisfies(found -> assertThat(found.path("id").asText()).isEqualTo(stored.path("id").asText()));
        assertThat(user.get("/api/images").body().path("items")).as("only this user's images, all of them")
                .allSatisfy(image -> assertThat(user.get("/api/images/" + image.path("id").asText()).status()).isEqualTo(200));
    }

    @Test
    void scriptInTitlesAltTextsAndTokenNamesComesBackAsInertJsonText() {
        ApiClient user = api().newUser();
        String script = "</title><script>alert(1)</script><img src=x onerror=alert(1)>";
        String q = URLEncoder.encode(script, StandardCharsets.UTF_8);

        Answer saved = user.upload("/api/save?pageTitle=" + q + "&alt=" + q, jpeg(), "image/jpeg");
        Answer token = user.post("/api/account/tokens", Map.of("name", script));

        assertThat(saved.status()).isEqualTo(201);
        Answer listed = user.get("/api/images");
        assertThat(listed.contentType()).startsWith("application/json");
        assertThat(listed.raw().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(listed.body().path("items").get(0).path("pageTitle").asText()).isEqualTo(script);
        assertThat(token.body().path("name").asText()).isEqualTo(script);
    }

    @Test
    void refusesScriptWhereOnlyAUrlOrAUsernameBelongs() {
        ApiClient user = api().newUser();
        for (String pageUrl : List.of("javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "http://example.org/\"><script>alert(1)</script>", "vbscript:msgbox(1)", "//example.org/relative")) {
            String q = URLEncoder.encode(pageUrl, StandardCharsets.UTF_8);
            assertThat(user.upload("/api/save?pageUrl=" + q, jpeg(), "image/jpeg").status()).as(pageUrl).isEqualTo(400);
        }
        assertThat(api().post("/api/account/signup",
                Map.of("username", "<script>alert(1)</script>", "password", "long enough pw")).status()).isEqualTo(400);
        assertThat(user.get("/api/images").body().path("items")).isEmpty();
    }

    @Test
    void everyResponseCarriesAStrictCspAndNosniff() {
        ApiClient user = api().newUser();
        for (Answer answer : List.of(api().get("/"), api().get("/app.js"), api().get("/app.css"), user.get("/api/images"),
                api().get("/api/images"), api().get("/health"), user.get("/api/nothing-here"))) {
            String csp = answer.raw().headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(answer.raw().uri().toString()).contains("script-src 'self'", "object-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(answer.raw().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
    }

    /** The page builds DOM nodes from text only; an HTML sink anywhere in its code would undo the escaping. */
    @Test
    void thePageCodeHasNoHtmlSink() throws IOException {
        Path staticDir = Path.of("..", "functions", "gallery", "src", "main", "resources", "static");
        try (Stream<Path> files = Files.walk(staticDir)) {
            List<Path> code = files.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html")).toList();
            assertThat(code).isNotEmpty();
            for (Path file : code) {
                String text = Files.readString(file).replaceAll("(?m)//.*$", "");
                assertThat(text).as(file.toString()).doesNotContain(".innerHTML", ".outerHTML", "insertAdjacentHTML",
                        "document.write", "eval(", "new Function(", "<script>", " onclick=", " onerror=", " onload=");
            }
        }
    }

    /**
     * Over a raw socket, reading while writing: the server answers 413 before the body ends and then closes the
     * connection, which an HTTP client that first sends everything reports as a broken response.
     */
    @Test
    void oversizedUploadIs413AndLeavesNothing() throws Exception {
        ApiClient user = api().newUser();
        byte[] chunk = new byte[64 * 1024];
        int chunks = 26 * 16;
        String head = "POST /api/save HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + user.token()
                + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + (long) chunk.length * chunks + "\r\n\r\n";
        System.arraycopy(jpeg(), 0, chunk, 0, 100);
        String status;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < chunks; i++) {
                        socket.getOutputStream().write(chunk);
                    }
                } catch (IOException closedByTheServer) {
                    // expected once the server has answered
                }
            });
            status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            writer.join(60_000);
        }

        assertThat(status).startsWith("HTTP/1.1 413");
        assertThat(user.get("/api/images").body().path("items")).isEmpty();
    }

    private static byte[] jpeg() {
        return TestJpegs.unique(UUID.randomUUID().hashCode(), 8, 8);
    }
}

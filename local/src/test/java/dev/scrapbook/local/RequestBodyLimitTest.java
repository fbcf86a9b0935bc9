package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.scrapbook.local.RawHttp.Response;

/**
 * Every JSON body is capped (256 KiB: 413 before it is read when its length says so, or as soon as the cap is
 * crossed when it is chunked), and a list in a body stops being read at its limit. Uploads keep their own 25 MB.
 */
class RequestBodyLimitTest extends LocalRuntimeTest {

    private static final int CAP = 256 * 1024;

    /** The review's case: 5,000,000 one-letter strings, 20 MB, once answered only after the list was built. */
    @Test
    void aTwentyMegabyteLookupIs413WithoutBeingRead() throws Exception {
        ApiClient user = api().newUser();
        byte[] body = lookupBody(5_000_000);
        assertThat(body.length).isGreaterThan(20_000_000);

        Response answer = RawHttp.send(port, "POST /api/images/lookup HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + user.token() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n", out -> out.write(body));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().path("type").asText()).endsWith("/too-large");
        assertThat(answer.json().path("detail").asText()).contains("256 KiB");
        OpenApiContract.assertMatches("Problem", answer.json());
    }

    /** Without a Content-Length the server counts what it reads, and stops at the cap. */
    @Test
    void aChunkedJsonBodyIsCutOffAtTheCap() throws Exception {
        ApiClient user = api().newUser();
        // One long string, so that the cap is crossed before any list limit could be.
        byte[] chunk = "a".repeat(4096).getBytes(StandardCharsets.US_ASCII);

        Response answer = RawHttp.send(port, "POST /api/images/lookup HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + user.token() + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n", out -> {
                    RawHttp.chunk(out, "{\"sourceUrls\":[\"https://example.org/".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 100; i++) {
                        RawHttp.chunk(out, chunk);
                    }
                    RawHttp.chunk(out, ".jpg\"]}".getBytes(StandardCharsets.US_ASCII));
                    RawHttp.lastChunk(out);
                });

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().path("type").asText()).endsWith("/too-large");
    }

    /** Every JSON endpoint, of every function, with or without a token: the cap comes before anything else. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/account/signup", "/api/account/login", "/api/friends/requests", "/api/links",
            "/api/save", "/api/shares"})
    void everyJsonEndpointCapsItsBody(String path) throws Exception {
        ApiClient user = api().newUser();
        String padding = "x".repeat(CAP);
        byte[] body = ("{\"username\":\"" + padding + "\"}").getBytes(StandardCharsets.US_ASCII);

        Response answer = RawHttp.send(port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + user.token() + "\r\nContent-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n", out -> out.write(body));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().path("type").asText()).endsWith("/too-large");
    }

    /**
     * The list's limit is checked while reading: the body announces 200 KB but stops after 501 URLs and waits.
     * Answered at once, the server read no further than the 501st URL; a server that built the whole list first
     * would still be waiting for the rest (the socket's timeout fails the test only on that hang).
     */
    @Test
    void aLookupStopsReadingAtTheFiveHundredAndFirstUrl() throws Exception {
        ApiClient user = api().newUser();
        byte[] start = ("{\"sourceUrls\":[\"https://example.org/0.jpg\"" + ",\"https://example.org/n.jpg\"".repeat(500) + ",")
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/images/lookup HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + user.token() + "\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(start);
            socket.getOutputStream().flush();
            String statusLine;
            try {
                statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            } catch (SocketTimeoutException hang) {
                throw new AssertionError("the server waited for the rest of the list instead of stopping at 501 URLs");
            }
            assertThat(statusLine).isEqualTo("HTTP/1.1 400");
        }
    }

    @Test
    void aLookupUnderTheCapWithTooManyUrlsNamesTheLimit() {
        ApiClient user = api().newUser();
        List<String> urls = java.util.Collections.nCopies(5_000, "https://example.org/a.jpg");
        ApiClient.Answer answer = user.post("/api/images/lookup", java.util.Map.of("sourceUrls", urls));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("detail").asText()).contains("at most 500");
    }

    @Test
    void uploadsKeepTheirOwnLimitAboveTheJsonCap() throws Exception {
        byte[] photo = Files.readAllBytes(photos().get(0));
        assertThat(photo.length).isGreaterThan(CAP);
        assertThat(api().newUser().upload("/api/save", photo, "image/jpeg").status()).isIn(200, 201);
    }

    private static byte[] lookupBody(int strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(strings * 4 + 32);
        out.writeBytes("{\"sourceUrls\":[\"a\"".getBytes(StandardCharsets.US_ASCII));
        byte[] more = ",\"a\"".getBytes(StandardCharsets.US_ASCII);
        for (int i = 1; i < strings; i++) {
            out.writeBytes(more);
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}

package dev.scrapbook.gallery.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.gallery.GalleryApplication;
import dev.scrapbook.testing.TestServices;

/**
 * One URL for the browser and the extension on a cluster where every function has its own host: the gallery names
 * the others, its page may connect to them, and they accept the gallery's origin (and no other) across origins.
 */
@SpringBootTest(classes = GalleryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "scrapbook.endpoints.save-image=https://save-image.scrapbook.example.test/",
            "scrapbook.endpoints.cors-allowed-origins=https://gallery.scrapbook.example.test"})
class EndpointsTest {

    private static final String GALLERY = "https://gallery.scrapbook.example.test";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void namesTheOtherFunctionsAndLetsThePageConnectToThem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/api/endpoints")).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.path("saveImage").asText()).isEqualTo("https://save-image.scrapbook.example.test");
        assertThat(body.path("share").asText()).as("unset: the gallery's own origin").isEmpty();
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("connect-src 'self' https://save-image.scrapbook.example.test;");
    }

    @Test
    void aPreflightFromTheGalleryOriginIsAllowedWithoutCredentials() throws Exception {
        HttpResponse<String> response = send(preflight(GALLERY));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(GALLERY);
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void anyOtherOriginIsRefused() throws Exception {
        HttpResponse<String> response = send(preflight("https://elsewhere.example.test"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpRequest.Builder preflight(String origin) {
        return HttpRequest.newBuilder(url("/api/images"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}

package dev.scrapbook.gallery.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.scrapbook.gallery.GalleryApplication;
import dev.scrapbook.testing.TestServices;

/**
 * Sign-ups are limited per client address, counted in PostgreSQL before the password is hashed: over HTTP, from
 * loopback source addresses of the test's own (127.0.0.2, 127.0.0.3), as two different clients would connect.
 * The gallery alone, with the default limit (the local runtime's tests raise it: they sign up from 127.0.0.1).
 */
@SpringBootTest(classes = GalleryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignUpThrottleTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    SignUpThrottleSettings settings;

    @Autowired
    JdbcClient db;

    @Test
    void refusesAnAddressThatSignedUpTooOftenAndNoOtherAddress() throws Exception {
        HttpClient client = from("127.0.0.2");
        String taken = name();
        assertThat(signUp(client, taken).statusCode()).isEqualTo(201);
        assertThat(signUp(client, taken).statusCode()).as("a taken name costs a hash too: it counts").isEqualTo(409);
        for (int i = 2; i < settings.maxPerAddress(); i++) {
            assertThat(signUp(client, name()).statusCode()).isEqualTo(201);
        }

        String refusedName = name();
        HttpResponse<String> refused = signUp(client, refusedName);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("/too-many-attempts", "too many sign-ups");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, settings.window().toSeconds());
        assertThat(db.sql("select count(*) from users where username = ?").param(refusedName).query(Long.class).single())
                .isZero();
        assertThat(signUp(from("127.0.0.3"), name()).statusCode()).as("another address").isEqualTo(201);
    }

    private HttpResponse<String> signUp(HttpClient client, String username) throws Exception {
        String body = "{\"username\":\"%s\",\"password\":\"correct horse battery\"}".formatted(username);
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/account/signup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient from(String loopbackAddress) throws Exception {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(loopbackAddress)).build();
    }

    private static String name() {
        return "s" + UUID.randomUUID().toString().substring(0, 12);
    }
}

package dev.scrapbook.gallery.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.gallery.GalleryApplication;
import dev.scrapbook.testing.TestServices;

/**
 * With the S3 store unreachable, deleting an account is a 202: the deletion is recorded and the account closed at
 * once (its session refused, its name still held), and the record waits for the reconcile pass to finish the job.
 */
@SpringBootTest(classes = GalleryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountDeletionWhenStorageIsDownTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        int nobodyListens = TestServices.freePort();
        registry.add("scrapbook.s3.endpoint", () -> "http://127.0.0.1:" + nobodyListens);
        registry.add("scrapbook.s3.create-buckets", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient db;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void recordsTheDeletionClosesTheAccountAndAnswers202() throws Exception {
        String name = "d" + UUID.randomUUID().toString().substring(0, 12);
        assertThat(send("POST", "/api/account/signup", null, credentials(name)).statusCode()).isEqualTo(201);
        String token = JSON.readTree(send("POST", "/api/account/login", null, credentials(name)).body()).path("token").asText();

        HttpResponse<String> deleted = send("DELETE", "/api/account", token, "{\"password\": \"" + PASSWORD + "\"}");

        assertThat(deleted.statusCode()).isEqualTo(202);
        assertThat(send("GET", "/api/account/me", token, null).statusCode()).isEqualTo(401);
        UUID id = db.sql("select id from users where username = ?").param(name).query(UUID.class).single();
        assertThat(db.sql("select count(*) from account_deletions where user_id = ? and rows_deleted_at is null")
                .param(id).query(Long.class).single()).as("left for the reconcile pass").isEqualTo(1);
        assertThat(send("POST", "/api/account/signup", null, credentials(name)).statusCode())
                .as("the name is held until the rows are gone").isEqualTo(409);
    }

    private static String credentials(String name) {
        return "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\"}";
    }

    private HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }
}

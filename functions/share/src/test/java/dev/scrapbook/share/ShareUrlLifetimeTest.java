package dev.scrapbook.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.auth.SessionTokens;
import dev.scrapbook.auth.SessionTokens.Session;
import dev.scrapbook.share.links.ShareLinks;
import dev.scrapbook.share.shares.Shares;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.testing.TestServices;

/**
 * Access through a presigned URL ends within its lifetime of a share taken back or a link revoked: S3 (here the
 * real S3Proxy) refuses the URL once {@code SCRAPBOOK_SHARE_URL_VALIDITY} has passed. Shortened to 2 seconds so
 * that the test can watch it happen; in production it is 5 minutes.
 */
@SpringBootTest(classes = ShareApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShareUrlLifetimeTest {

    private static final Duration VALIDITY = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The basic ISO form S3 signs with, e.g. 20261205T080102Z. */
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX");

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        registry.add("scrapbook.share.public-url", () -> "https://share.scrapbook.test");
        registry.add("scrapbook.share.url-validity", VALIDITY::toString);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient db;
    @Autowired
    SessionTokens sessions;
    @Autowired
    Shares shares;
    @Autowired
    ShareLinks links;
    @Autowired
    ObjectStore store;
    @Autowired
    StorageSettings buckets;

    @Test
    void aFriendsUrlStopsWorkingWithinItsLifetimeOnceTheShareIsTakenBack() throws Exception {
        UUID owner = TestServices.insertUser(db);
        UUID friend = TestServices.insertUser(db);
        db.sql("insert into friendships (user_id, friend_id) values (?, ?), (?, ?)").params(owner, friend, friend, owner).update();
        UUID image = storedImage(owner);
        shares.share(owner, image, List.of(friend));

        HttpResponse<String> received = call("GET", "/api/shares/received/" + image, friend);
        assertThat(received.statusCode()).isEqualTo(200);
        String originalUrl = JSON.readTree(received.body()).path("image").path("originalUrl").asText();
        assertThat(fetch(originalUrl)).as("the URL works while shared").isEqualTo(200);

        assertThat(call("DELETE", "/api/shares/" + image + "/recipients/" + friend, owner).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/shares/received/" + image, friend).statusCode()).isEqualTo(404);

        awaitExpiry(originalUrl);
        assertThat(fetch(originalUrl)).as("S3 refuses the URL once its lifetime has passed").isEqualTo(403);
    }

    @Test
    void aLinksOriginalStopsWorkingWithinItsLifetimeOnceTheLinkIsRevoked() throws Exception {
        UUID owner = TestServices.insertUser(db);
        UUID image = storedImage(owner);
        ShareLinks.Created link = links.create(owner, image, null, true);

        HttpResponse<String> redirect = HTTP.send(HttpRequest.newBuilder(uri("/s/" + link.token() + "/original")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(302);
        String originalUrl = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(fetch(originalUrl)).isEqualTo(200);

        assertThat(call("DELETE", "/api/links/" + link.link().id(), owner).statusCode()).isEqualTo(204);
        assertThat(HTTP.send(HttpRequest.newBuilder(uri("/s/" + link.token() + "/original")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);

        awaitExpiry(originalUrl);
        assertThat(fetch(originalUrl)).isEqualTo(403);
    }

    private UUID storedImage(UUID owner) {
        UUID image = db.sql("""
                        insert into images (owner_id, sha256, format, width, height, bytes, status)
                        values (?, sha256(gen_random_uuid()::text::bytea), 'png', 8, 8, 4, 'failed') returning id""")
                .param(owner).query(UUID.class).single();
        store.put(buckets.originalsBucket(), StorageKeys.original(owner, image), new byte[] {1, 2, 3, 4}, "image/png");
        return image;
    }

    /** Sleeps until S3's clock, the same machine's, is past the URL's X-Amz-Date plus X-Amz-Expires (whole seconds). */
    private static void awaitExpiry(String presignedUrl) throws InterruptedException {
        long expires = Long.parseLong(query(presignedUrl, "X-Amz-Expires"));
        assertThat(expires).as("the configured lifetime").isEqualTo(VALIDITY.toSeconds());
        Instant signed = AMZ_DATE.parse(query(presignedUrl, "X-Amz-Date"), Instant::from);
        Duration left = Duration.between(Instant.now(), signed.plusSeconds(expires + 1));
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis() + 100);
        }
    }

    private static String query(String url, String name) {
        Matcher value = Pattern.compile("[?&]" + name + "=([^&]+)").matcher(url);
        assertThat(value.find()).as(name + " in " + url).isTrue();
        return value.group(1);
    }

    private static int fetch(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> call(String method, String path, UUID user) throws Exception {
        String token = sessions.issue(new Session(user, UUID.randomUUID(), Instant.now().plusSeconds(600)));
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}

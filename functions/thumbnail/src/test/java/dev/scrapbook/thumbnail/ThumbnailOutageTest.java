package dev.scrapbook.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.testing.TestServices;

/**
 * The thumbnail service while its S3 store can't be reached (a loopback port nobody listens on): the answer must
 * be one the RabbitmqSource retries (it retries 404, 413, 425, 429, 502, 503 and 504, never a 500), the image must
 * stay pending, and its claim must be given back so that the retry can take it.
 */
@SpringBootTest(classes = ThumbnailApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ThumbnailOutageTest {

    @DynamicPropertySource
    static void servicesButAnUnreachableStore(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        registry.add("scrapbook.s3.endpoint", () -> "http://127.0.0.1:" + TestServices.freePort());
        registry.add("scrapbook.s3.create-buckets", () -> "false");
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ImageRepository images;
    @Autowired
    JdbcClient db;

    @Test
    void answers503AndGivesTheClaimBackWhenS3IsUnreachable() {
        UUID owner = TestServices.insertUser(db);
        UUID id = UUID.randomUUID();
        images.insert(id, new NewImage(owner, UUID.randomUUID().toString().getBytes(), "jpeg", 10, 10, 10, null, null, null, null));
        HttpHeaders headers = new HttpHeaders();
        headers.set("ce-specversion", "1.0");
        headers.set("ce-id", UUID.randomUUID().toString());
        headers.set("ce-type", ImageSavedEvent.TYPE);
        headers.set("ce-source", ImageSavedEvent.SOURCE.toString());
        headers.set("ce-subject", id.toString());

        ResponseEntity<String> answer = http.postForEntity("/", new HttpEntity<>("{}", headers), String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getBody()).contains("/problems/unavailable");
        assertThat(images.findById(id).orElseThrow().status()).isEqualTo(Image.Status.pending);
        assertThat(db.sql("select thumbnail_lease_until is null from images where id = ?").param(id).query(Boolean.class).single())
                .as("claim given back").isTrue();
    }
}

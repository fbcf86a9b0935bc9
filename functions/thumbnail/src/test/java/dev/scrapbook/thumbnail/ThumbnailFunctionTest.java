package dev.scrapbook.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.cloud.function.context.FunctionCatalog;
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
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.testing.TestServices;

/**
 * The thumbnail function alone, against the real PostgreSQL and S3: looked up in the function catalog,
 * and over HTTP exactly as a Knative RabbitmqSource posts (binary mode, ce-* headers).
 */
@SpringBootTest(classes = ThumbnailApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ThumbnailFunctionTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    FunctionCatalog catalog;
    @Autowired
    ImageRepository images;
    @Autowired
    ObjectStore store;
    @Autowired
    StorageSettings buckets;
    @Autowired
    JdbcClient db;

    @Test
    @SuppressWarnings("unchecked")
    void reportsItsEngineOnHealth() {
        Map<String, String> health = http.getForObject("/health", Map.class);

        assertThat(health).containsEntry("status", "UP").containsEntry("thumbnailEngine", "libvips");
    }

    @Test
    void isInTheFunctionCatalog() {
        assertThat((Object) catalog.lookup("thumbnail")).isNotNull();
    }

    @Test
    void makesGridAndPreviewOnceAndSkipsTheRepeatedEvent() throws IOException {
        UUID id = pendingImage(jpeg(3000, 2000));

        ResponseEntity<Outcome> first = post(id.toString(), ImageSavedEvent.TYPE);
        assertThat(first.getStatusCode().value()).isEqualTo(200);
        assertThat(first.getBody().outcome()).isEqualTo(Outcome.Kind.made);
        Image ready = images.findById(id).orElseThrow();
        assertThat(ready.status()).isEqualTo(Image.Status.ready);
        assertThat(ready.thumbnail()).isEqualTo(new Image.Rendition(400, 267, "jpeg"));
        assertThat(ready.preview()).isEqualTo(new Image.Rendition(1600, 1067, "jpeg"));
        assertThat(store.get(buckets.thumbnailsBucket(), StorageKeys.grid(ready.ownerId(), id, "jpeg"))).isNotEmpty();

        ResponseEntity<Outcome> again = post(id.toString(), ImageSavedEvent.TYPE);
        assertThat(again.getBody().outcome()).isEqualTo(Outcome.Kind.skipped);
    }

    @Test
    void marksAnUndecodableImageFailedAndAnswers2xxSoItIsNotRetried() {
        UUID id = pendingImage("not an image at all".getBytes());
        ResponseEntity<Outcome> answer = post(id.toString(), ImageSavedEvent.TYPE);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody().outcome()).isEqualTo(Outcome.Kind.rejected);
        Image failed = images.findById(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(Image.Status.failed);
        assertThat(failed.failureReason()).isNotBlank();
    }

    @Test
    void skipsEventsOfOtherTypesAndUnknownImages() {
        assertThat(post(UUID.randomUUID().toString(), ImageSavedEvent.TYPE).getBody().outcome()).isEqualTo(Outcome.Kind.skipped);
        assertThat(post(UUID.randomUUID().toString(), "com.example.other").getBody().outcome()).isEqualTo(Outcome.Kind.skipped);
    }

    @Test
    void refusesARequestThatIsNotACloudEvent() {
        ResponseEntity<String> answer = http.postForEntity("/", new HttpEntity<>("{}", new HttpHeaders()), String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void answers5xxWhenTheOriginalIsMissingSoTheSourceRetries() {
        UUID owner = TestServices.insertUser(db);
        UUID id = UUID.randomUUID();
        images.insert(id, new NewImage(owner, sha(), "jpeg", 10, 10, 10, null, null, null, null));
        assertThat(post(id.toString(), ImageSavedEvent.TYPE).getStatusCode().is5xxServerError()).isTrue();
        assertThat(images.findById(id).orElseThrow().status()).isEqualTo(Image.Status.pending);
    }

    private ResponseEntity<Outcome> post(String subject, String type) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("ce-specversion", "1.0");
        headers.set("ce-id", UUID.randomUUID().toString());
        headers.set("ce-type", type);
        headers.set("ce-source", ImageSavedEvent.SOURCE.toString());
        headers.set("ce-subject", subject);
        headers.set("Content-Type", "application/json");
        return http.postForEntity("/", new HttpEntity<>("{\"imageId\":\"" + subject + "\"}", headers), Outcome.class);
    }

    private UUID pendingImage(byte[] bytes) {
        UUID owner = TestServices.insertUser(db);
        UUID id = UUID.randomUUID();
        store.put(buckets.originalsBucket(), StorageKeys.original(owner, id), bytes, "image/jpeg");
        images.insert(id, new NewImage(owner, sha(), "jpeg", 1, 1, bytes.length, null, null, null, null));
        return id;
    }

    private static byte[] sha() {
        return UUID.randomUUID().toString().getBytes();
    }

    private static byte[] jpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }
}

package dev.scrapbook.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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
import dev.scrapbook.testing.CloudStorageEvents;
import dev.scrapbook.testing.GcfInvoker;
import dev.scrapbook.testing.TestServices;

/**
 * The Cloud Functions deployable (target/deploy/thumbnail-*-gcf.jar) run by Google's Functions Framework
 * invoker in its own JVM, as Cloud Functions runs it, against this run's PostgreSQL and S3: an image-saved
 * CloudEvent posted over HTTP in binary mode makes the thumbnail. This test's own Spring context only
 * migrates the database and puts the pending image in place.
 */
@SpringBootTest(classes = ThumbnailApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ThumbnailCloudFunctionIT {

    private static final Path TARGET = Path.of("target");
    private static GcfInvoker invoker;
    private static URI function;
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @Autowired
    ImageRepository images;
    @Autowired
    ObjectStore store;
    @Autowired
    StorageSettings buckets;
    @Autowired
    JdbcClient db;

    @BeforeAll
    static void startInvoker(@Autowired StorageSettings buckets) throws Exception {
        invoker = GcfInvoker.start(TARGET.resolve("gcf-invoker/java-function-invoker.jar"), TARGET, Map.of(
                "SCRAPBOOK_DB_URL", TestServices.databaseUrl(),
                "SCRAPBOOK_AUTH_SECRET", TestServices.AUTH_SECRET,
                "SCRAPBOOK_EVENTS_EXCHANGE", TestServices.EXCHANGE,
                "SCRAPBOOK_S3_ENDPOINT", TestServices.s3().endpoint().toString(),
                "SCRAPBOOK_S3_ACCESS_KEY", TestServices.S3_KEY,
                "SCRAPBOOK_S3_SECRET_KEY", TestServices.S3_SECRET,
                "SCRAPBOOK_S3_ORIGINALS_BUCKET", buckets.originalsBucket(),
                "SCRAPBOOK_S3_THUMBNAILS_BUCKET", buckets.thumbnailsBucket()), TARGET.resolve("gcf-invoker/invoker.log"))
                .awaitListening();
        function = invoker.uri();
    }

    @AfterAll
    static void stopInvoker() throws InterruptedException {
        if (invoker != null) {
            invoker.close();
        }
    }

    @Test
    void makesTheThumbnailOfAnImageSavedEventPostedToTheDeployable() throws Exception {
        UUID id = pendingImage(jpeg(1200, 900));

        HttpResponse<String> answer = post(id.toString(), "{\"imageId\":\"" + id + "\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"made\"");
        Image ready = images.findById(id).orElseThrow();
        assertThat(ready.status()).isEqualTo(Image.Status.ready);
        assertThat(ready.thumbnail()).isEqualTo(new Image.Rendition(400, 300, "jpeg"));
        assertThat(store.get(buckets.thumbnailsBucket(), StorageKeys.grid(ready.ownerId(), id, "jpeg"))).isNotEmpty();
    }

    /** The Cloud Functions event path: Eventarc's object-finalized event for the original (see CloudStorageEvents). */
    @Test
    void makesTheThumbnailOfAnOriginalThatCloudStorageFinalized() throws Exception {
        UUID id = pendingImage(jpeg(1200, 900));
        Image pending = images.findById(id).orElseThrow();

        HttpResponse<String> answer = http.send(CloudStorageEvents.objectFinalized(function, buckets.originalsBucket(),
                StorageKeys.original(pending.ownerId(), id), pending.bytes(), "image/jpeg", Instant.now()),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"made\"");
        assertThat(images.findById(id).orElseThrow().status()).isEqualTo(Image.Status.ready);
        assertThat(store.get(buckets.thumbnailsBucket(), StorageKeys.grid(pending.ownerId(), id, "jpeg"))).isNotEmpty();
    }

    /**
     * The original is written before its row, so the storage event can come first: a fresh one is answered 500
     * (Eventarc retries it), one older than the grace means the save was undone and is acknowledged. The peer's
     * rule: a trigger with RETRY_POLICY_RETRY (gcloud --retry, which deploy.sh gcf sets) retries "on any failure,
     * up to 7 days with an exponential backoff", and without it failures are dropped (googleapis/googleapis
     * google/cloud/functions/v2/functions.proto, EventTrigger.RetryPolicy and retry_policy, at commit 3597f7db);
     * Eventarc delivers in binary content mode (cloud.google.com/eventarc/standard/docs/event-format).
     */
    @Test
    void retriesAnOriginalWhoseRowIsNotCommittedYetAndSkipsOneWhoseSaveWasUndone() throws Exception {
        String key = StorageKeys.original(UUID.randomUUID(), UUID.randomUUID());

        HttpResponse<String> fresh = http.send(CloudStorageEvents.objectFinalized(function, buckets.originalsBucket(),
                key, 100, "image/jpeg", Instant.now()), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> old = http.send(CloudStorageEvents.objectFinalized(function, buckets.originalsBucket(),
                key, 100, "image/jpeg", Instant.now().minus(ThumbnailCloudFunction.ROW_COMMIT_GRACE).minusSeconds(1)),
                HttpResponse.BodyHandlers.ofString());

        assertThat(fresh.statusCode()).isEqualTo(500);
        assertThat(old.statusCode()).isEqualTo(200);
        assertThat(old.body()).contains("\"skipped\"", "did not complete");
    }

    @Test
    void skipsObjectsThatAreNotOriginals() throws Exception {
        UUID id = pendingImage(jpeg(64, 64));
        Image pending = images.findById(id).orElseThrow();

        HttpResponse<String> otherBucket = http.send(CloudStorageEvents.objectFinalized(function, buckets.thumbnailsBucket(),
                StorageKeys.original(pending.ownerId(), id), 10, "image/jpeg", Instant.now()), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> otherName = http.send(CloudStorageEvents.objectFinalized(function, buckets.originalsBucket(),
                StorageKeys.grid(pending.ownerId(), id, "jpeg"), 10, "image/jpeg", Instant.now()), HttpResponse.BodyHandlers.ofString());

        assertThat(otherBucket.statusCode()).isEqualTo(200);
        assertThat(otherBucket.body()).contains("\"skipped\"");
        assertThat(otherName.statusCode()).isEqualTo(200);
        assertThat(otherName.body()).contains("\"skipped\"");
        assertThat(images.findById(id).orElseThrow().status()).isEqualTo(Image.Status.pending);
    }

    @Test
    void answers400ToARequestThatIsNotACloudEvent() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(function).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("not a CloudEvent");
    }

    /** The event's traceparent extension (the save's trace) is continued: the thumbnail's log line carries its id. */
    @Test
    void continuesTheTraceTheEventCarries() throws Exception {
        UUID id = pendingImage(jpeg(640, 480));
        String traceId = UUID.randomUUID().toString().replace("-", "");

        HttpResponse<String> answer = post(id.toString(), "{\"imageId\":\"" + id + "\"}",
                "00-" + traceId + "-00f067aa0ba902b7-01");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String log = invoker.log();
        assertThat(log.lines().filter(line -> line.contains("image " + id + " thumbnails made")))
                .singleElement().asString().contains(traceId);
    }

    private HttpResponse<String> post(String subject, String data) throws IOException, InterruptedException {
        return post(subject, data, null);
    }

    private HttpResponse<String> post(String subject, String data, String traceparent) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(function)
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", ImageSavedEvent.TYPE)
                .header("ce-source", ImageSavedEvent.SOURCE.toString())
                .header("ce-subject", subject)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(data));
        if (traceparent != null) {
            request.header("ce-traceparent", traceparent);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private UUID pendingImage(byte[] bytes) {
        UUID owner = TestServices.insertUser(db);
        UUID id = UUID.randomUUID();
        store.put(buckets.originalsBucket(), StorageKeys.original(owner, id), bytes, "image/jpeg");
        images.insert(id, new NewImage(owner, UUID.randomUUID().toString().getBytes(), "jpeg", 1200, 900, bytes.length,
                null, null, null, null));
        return id;
    }

    private static byte[] jpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }
}

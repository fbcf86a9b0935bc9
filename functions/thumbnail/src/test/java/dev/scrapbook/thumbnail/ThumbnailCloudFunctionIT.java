package dev.scrapbook.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import dev.scrapbook.testing.TestServices;

/**
 * The Cloud Functions deployable (target/deploy/thumbnail-*-gcf.jar) run by Google's Functions Framework
 * invoker in its own JVM, as Cloud Functions runs it, against this run's PostgreSQL and S3: an image-saved
 * CloudEvent posted over HTTP in binary mode makes the thumbnail. This test's own Spring context only
 * migrates the database and puts the pending image in place.
 */
@SpringBootTest(classes = ThumbnailApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ThumbnailCloudFunctionIT {

    private static final String ENTRY_POINT = "org.springframework.cloud.function.adapter.gcp.GcfJarLauncher";
    private static final Path TARGET = Path.of("target");
    private static Process invoker;
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
        int port = TestServices.freePort();
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", TARGET.resolve("gcf-invoker/java-function-invoker.jar").toString(),
                "--target", ENTRY_POINT, "--classpath", deployable().toString(), "--port", String.valueOf(port));
        command.environment().putAll(Map.of(
                "SCRAPBOOK_DB_URL", TestServices.databaseUrl(),
                "SCRAPBOOK_AUTH_SECRET", TestServices.AUTH_SECRET,
                "SCRAPBOOK_EVENTS_EXCHANGE", TestServices.EXCHANGE,
                "SCRAPBOOK_S3_ENDPOINT", TestServices.s3().endpoint().toString(),
                "SCRAPBOOK_S3_ACCESS_KEY", TestServices.S3_KEY,
                "SCRAPBOOK_S3_SECRET_KEY", TestServices.S3_SECRET,
                "SCRAPBOOK_S3_ORIGINALS_BUCKET", buckets.originalsBucket(),
                "SCRAPBOOK_S3_THUMBNAILS_BUCKET", buckets.thumbnailsBucket()));
        command.redirectErrorStream(true).redirectOutput(TARGET.resolve("gcf-invoker/invoker.log").toFile());
        invoker = command.start();
        function = URI.create("http://127.0.0.1:" + port + "/");
        awaitListening();
    }

    @AfterAll
    static void stopInvoker() throws InterruptedException {
        if (invoker != null) {
            invoker.destroy();
            invoker.waitFor();
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
        String log = Files.readString(TARGET.resolve("gcf-invoker/invoker.log"));
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

    /** Waits for the invoker's port: it opens once the Spring context inside the deployable has started. */
    private static void awaitListening() throws Exception {
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(giveUp)) {
            if (!invoker.isAlive()) {
                throw new IllegalStateException("the invoker exited; see target/gcf-invoker/invoker.log");
            }
            try {
                probe.send(HttpRequest.newBuilder(function).GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (ConnectException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("the invoker did not listen within 2 minutes; see target/gcf-invoker/invoker.log");
    }

    private static Path deployable() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(TARGET.resolve("deploy"), "*-gcf.jar")) {
            found.forEach(jars::add);
        }
        assertThat(jars).as("one Cloud Functions deployable in target/deploy").hasSize(1);
        return jars.getFirst();
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

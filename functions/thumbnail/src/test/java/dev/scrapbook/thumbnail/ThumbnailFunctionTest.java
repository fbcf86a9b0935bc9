package dev.scrapbook.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

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
class ThumbnailFunctionTest extends ThumbnailServiceTest {

    @LocalServerPort
    int port;
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
    void skipsAnImageThatDoesNotExist() {
        ResponseEntity<Outcome> answer = post(UUID.randomUUID().toString(), ImageSavedEvent.TYPE);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody().outcome()).isEqualTo(Outcome.Kind.skipped);
    }

    /**
     * Not ours: refused with a status the RabbitmqSource does not retry, so it is dead-lettered where it can be
     * seen, rather than acked and forgotten. This is what a message that is no CloudEvent becomes on its way here
     * (wrapped as dev.knative.rabbitmq.event by the adapter).
     */
    @Test
    void refusesAnEventOfAnotherTypeWith422() {
        ResponseEntity<String> answer = postFor(UUID.randomUUID().toString(), "dev.knative.rabbitmq.event", String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(422);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(answer.getBody()).contains("/problems/unexpected-event");
    }

    @Test
    void refusesARequestThatIsNotACloudEvent() {
        ResponseEntity<String> answer = http.postForEntity("/", new HttpEntity<>("{}", new HttpHeaders()), String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void refusesABodyOverTheCapWith413() {
        HttpHeaders headers = ceHeaders(UUID.randomUUID().toString());

        ResponseEntity<String> answer = http.postForEntity("/", new HttpEntity<>(new byte[1024 * 1024], headers), String.class);

        assertThat(answer.getStatusCode().value()).isEqualTo(413);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(answer.getBody()).contains("/problems/too-large");
    }

    /**
     * A chunked body with no announced length that goes on and on: the answer comes after the cap, while the
     * client is still sending, so the rest is never read, let alone held.
     */
    @Test
    void answers413BeforeAnEndlessBodyEnds() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nce-specversion: 1.0\r\nce-id: e\r\nce-type: "
                    + ImageSavedEvent.TYPE + "\r\nce-source: /x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            for (int i = 0; i < 8; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();

            assertThat(statusLine).as("answered without the final chunk ever sent").startsWith("HTTP/1.1 413");
        }
    }

    /** No retry brings a missing original back: the image fails at once, and the 2xx keeps the event out of the dead-letter queue. */
    @Test
    void marksTheImageFailedWhenItsOriginalIsMissing() {
        UUID owner = TestServices.insertUser(db);
        UUID id = UUID.randomUUID();
        images.insert(id, new NewImage(owner, sha(), "jpeg", 10, 10, 10, null, null, null, null));

        ResponseEntity<Outcome> answer = post(id.toString(), ImageSavedEvent.TYPE);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody().outcome()).isEqualTo(Outcome.Kind.rejected);
        Image failed = images.findById(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(Image.Status.failed);
        assertThat(failed.failureReason()).contains("original is missing");
    }

    private ResponseEntity<Outcome> post(String subject, String type) {
        return postFor(subject, type, Outcome.class);
    }

    private <T> ResponseEntity<T> postFor(String subject, String type, Class<T> answer) {
        HttpHeaders headers = ceHeaders(subject);
        headers.set("ce-type", type);
        return http.postForEntity("/", new HttpEntity<>("{\"imageId\":\"" + subject + "\"}", headers), answer);
    }

    private static HttpHeaders ceHeaders(String subject) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("ce-specversion", "1.0");
        headers.set("ce-id", UUID.randomUUID().toString());
        headers.set("ce-type", ImageSavedEvent.TYPE);
        headers.set("ce-source", ImageSavedEvent.SOURCE.toString());
        headers.set("ce-subject", subject);
        headers.set("Content-Type", "application/json");
        return headers;
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

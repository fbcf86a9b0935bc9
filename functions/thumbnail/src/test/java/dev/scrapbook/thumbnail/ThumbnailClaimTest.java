package dev.scrapbook.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.testing.TestServices;

/**
 * One decode per image, whoever posts: deliveries claim the pending row with a lease in one update, and a lease
 * that ran out (its worker died) is claimed again. Over HTTP, on the real PostgreSQL and S3.
 */
class ThumbnailClaimTest extends ThumbnailServiceTest {

    private static final int FORGED = 5;

    @LocalServerPort
    int port;
    @Autowired
    ImageRepository images;
    @Autowired
    ObjectStore store;
    @Autowired
    StorageSettings buckets;
    @Autowired
    JdbcClient db;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * The real event and forged ones for the same pending image, all in flight at once: the test holds the image's
     * row locked until every request is waiting on it in PostgreSQL, then lets them go. Whatever order they take,
     * exactly one makes the thumbnails. (Checking the status and then acting made one decode per request.)
     */
    @Test
    void concurrentForgedEventsAndTheRealOneDecodeExactlyOnce() throws Exception {
        UUID id = pendingImage();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try (Connection lock = DriverManager.getConnection(TestServices.databaseUrl(), "postgres", "")) {
            lock.setAutoCommit(false);
            try (PreparedStatement rowLock = lock.prepareStatement("select 1 from images where id = ? for update")) {
                rowLock.setObject(1, id);
                rowLock.executeQuery();
            }
            answers.add(post(event(id, UUID.randomUUID().toString(), ImageSavedEvent.SOURCE.toString())));
            for (int i = 0; i < FORGED; i++) {
                answers.add(post(event(id, "forged-" + i, "/somebody/else")));
            }
            awaitWaitingOnLocks(FORGED + 1);
            lock.commit();
        }

        Map<String, Long> outcomes = answers.stream().map(CompletableFuture::join)
                .peek(answer -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200))
                .map(answer -> outcome(answer.body()))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("made", 1L, "skipped", (long) FORGED));
        assertThat(images.findById(id).orElseThrow().status()).isEqualTo(Image.Status.ready);
    }

    /** A worker that died left its lease behind; once the lease has run out the next delivery does the work. */
    @Test
    void aLeaseThatRanOutIsClaimedAgain() throws Exception {
        UUID id = pendingImage();
        db.sql("update images set thumbnail_lease_until = now() - interval '1 second' where id = ?").param(id).update();

        HttpResponse<String> answer = post(event(id, UUID.randomUUID().toString(), ImageSavedEvent.SOURCE.toString())).join();

        assertThat(outcome(answer.body())).isEqualTo("made");
        assertThat(images.findById(id).orElseThrow().status()).isEqualTo(Image.Status.ready);
    }

    /**
     * While a lease holds, another delivery does nothing and the reconcile pass leaves the image alone; the image
     * stays pending for clients. When the lease runs out the reconcile pass finds it again.
     */
    @Test
    void aLiveLeaseTurnsAwayOtherDeliveriesAndTheReconcilePassUntilItEnds() throws Exception {
        UUID id = pendingImage();
        db.sql("""
                update images set thumbnail_lease_until = now() + interval '1 hour', event_sent_at = now() - interval '1 hour'
                where id = ?""").param(id).update();

        HttpResponse<String> answer = post(event(id, UUID.randomUUID().toString(), ImageSavedEvent.SOURCE.toString())).join();

        assertThat(outcome(answer.body())).isEqualTo("skipped");
        assertThat(answer.body()).contains("being made by another delivery");
        assertThat(images.findById(id).orElseThrow().status()).isEqualTo(Image.Status.pending);
        Instant now = Instant.now();
        assertThat(needingEvent(now)).doesNotContain(id);

        db.sql("update images set thumbnail_lease_until = now() - interval '1 second' where id = ?").param(id).update();
        assertThat(needingEvent(now)).contains(id);
    }

    private List<UUID> needingEvent(Instant now) {
        return images.needingEvent(now.minusSeconds(30), now.minusSeconds(600), 10_000).stream().map(Image::id).toList();
    }

    private void awaitWaitingOnLocks(int requests) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (waitingOnLocks() < requests) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + waitingOnLocks() + " of " + requests + " requests reached the database");
            }
            Thread.sleep(20);
        }
    }

    private int waitingOnLocks() {
        return db.sql("""
                select count(*) from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'""").query(Integer.class).single();
    }

    private CompletableFuture<HttpResponse<String>> post(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder event(UUID image, String eventId, String source) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("ce-specversion", "1.0")
                .header("ce-id", eventId)
                .header("ce-type", ImageSavedEvent.TYPE)
                .header("ce-source", source)
                .header("ce-subject", image.toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"imageId\":\"" + image + "\"}"));
    }

    private String outcome(String body) {
        try {
            return json.readTree(body).path("outcome").asText();
        } catch (IOException e) {
            throw new AssertionError("not an outcome: " + body, e);
        }
    }

    private UUID pendingImage() throws IOException {
        UUID owner = TestServices.insertUser(db);
        UUID id = UUID.randomUUID();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB), "jpeg", jpeg);
        store.put(buckets.originalsBucket(), StorageKeys.original(owner, id), jpeg.toByteArray(), "image/jpeg");
        images.insert(id, new NewImage(owner, UUID.randomUUID().toString().getBytes(), "jpeg", 800, 600,
                jpeg.size(), null, null, null, null));
        return id;
    }
}

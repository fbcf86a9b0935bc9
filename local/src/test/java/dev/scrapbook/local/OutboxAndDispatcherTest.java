package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.scrapbook.events.EventPublisher;
import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.save.EventReconciler;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.testing.TestServices;

/** The paths that keep an image from staying pending: the outbox relay and the dispatcher's dead-lettering. */
class OutboxAndDispatcherTest extends LocalRuntimeTest {

    @Autowired
    ImageRepository images;
    @Autowired
    ObjectStore store;
    @Autowired
    StorageSettings buckets;
    @Autowired
    EventReconciler reconcile;
    @Autowired
    EventPublisher events;
    @Autowired
    JdbcClient db;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    RabbitAdmin admin;

    /** What a save leaves behind when RabbitMQ is down: the object, the row, and no confirmed event. */
    @Test
    void reconcilePassPublishesEventsTheBrokerNeverConfirmed() throws Exception {
        ApiClient user = api().newUser();
        UUID owner = UUID.fromString(user.get("/api/account/me").body().path("id").asText());
        byte[] bytes = Files.readAllBytes(photos().get(0));
        UUID id = UUID.randomUUID();
        store.put(buckets.originalsBucket(), StorageKeys.original(owner, id), bytes, "image/jpeg");
        images.insert(id, new NewImage(owner, new byte[] {1, 2, 3}, "jpeg", 10, 10, bytes.length, null, null, null, null));
        db.sql("update images set saved_at = now() - interval '1 minute' where id = ?").param(id).update();

        assertThat(reconcile.get()).isGreaterThanOrEqualTo(1);

        assertThat(awaitSettled(user, id.toString(), Duration.ofSeconds(60)).path("status").asText()).isEqualTo("ready");
        assertThat(db.sql("select event_sent_at is not null from images where id = ?").param(id).query(Boolean.class).single())
                .isTrue();
    }

    /**
     * While the original is missing the thumbnail function answers 5xx; the dispatcher must keep trying
     * (backoff 200 ms, 400 ms, 800 ms... in tests) until it appears, as the Knative source would.
     */
    @Test
    void dispatcherRetriesWhileTheThumbnailFunctionAnswers5xx() throws Exception {
        ApiClient user = api().newUser();
        UUID owner = UUID.fromString(user.get("/api/account/me").body().path("id").asText());
        byte[] bytes = Files.readAllBytes(photos().get(1));
        UUID id = UUID.randomUUID();
        images.insert(id, new NewImage(owner, new byte[] {4, 5, 6}, "jpeg", 10, 10, bytes.length, null, null, null, null));
        double retriesBefore = Prometheus.value(Prometheus.scrape(baseUrl()), "scrapbook_dispatcher_retries_total");

        assertThat(events.publish(ImageSavedEvent.of(id), ImageSavedEvent.ROUTING_KEY)).isTrue();
        Thread.sleep(1000);
        assertThat(images.findById(id).orElseThrow().status().name()).as("first tries failed").isEqualTo("pending");
        store.put(buckets.originalsBucket(), StorageKeys.original(owner, id), bytes, "image/jpeg");

        assertThat(awaitSettled(user, id.toString(), Duration.ofSeconds(30)).path("status").asText()).isEqualTo("ready");
        assertThat(Prometheus.value(Prometheus.scrape(baseUrl()), "scrapbook_dispatcher_retries_total"))
                .isGreaterThanOrEqualTo(retriesBefore + 1);
    }

    @Test
    void poisonMessageIsDeadLetteredAndTheQueueMovesOn() throws Exception {
        long deadBefore = admin.getQueueInfo(QUEUE + ".dead").getMessageCount();
        double countedBefore = Prometheus.value(Prometheus.scrape(baseUrl()), "scrapbook_dispatcher_dead_letters_total",
                "reason=\"not-a-cloudevent\"");
        MessageProperties notACloudEvent = new MessageProperties();
        notACloudEvent.setHeader("some", "header");
        rabbit.send(TestServices.EXCHANGE, ImageSavedEvent.ROUTING_KEY, new Message("garbage".getBytes(), notACloudEvent));

        ApiClient user = api().newUser();
        String id = user.upload("/api/save", Files.readAllBytes(photos().get(1)), "image/jpeg").body().path("id").asText();

        assertThat(awaitSettled(user, id, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (admin.getQueueInfo(QUEUE + ".dead").getMessageCount() == deadBefore && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(admin.getQueueInfo(QUEUE + ".dead").getMessageCount()).isEqualTo(deadBefore + 1);
        assertThat(Prometheus.value(Prometheus.scrape(baseUrl()), "scrapbook_dispatcher_dead_letters_total",
                "reason=\"not-a-cloudevent\"")).isEqualTo(countedBefore + 1);
    }

    @Test
    void undecodableImageEndsFailedWithAReasonInsteadOfRetrying() throws Exception {
        ApiClient user = api().newUser();
        // A JPEG header that promises pixels and then stops: accepted on save (the header is whole),
        // refused by the decoder: the thumbnail must not paint the missing part grey.
        byte[] photo = Files.readAllBytes(photos().get(0));
        byte[] truncated = java.util.Arrays.copyOf(photo, 2000);
        String id = user.upload("/api/save", truncated, "image/jpeg").body().path("id").asText();

        var settled = awaitSettled(user, id, Duration.ofSeconds(60));
        assertThat(settled.path("status").asText()).as(settled.toString()).isEqualTo("failed");
        assertThat(settled.path("failureReason").asText()).contains("truncated");
        assertThat(settled.path("thumbnailUrl").isNull()).isTrue();
    }
}

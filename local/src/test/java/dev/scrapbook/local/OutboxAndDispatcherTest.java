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

import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.save.EventReconciler;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.testing.TestServices;

/**
 * The paths that keep an image from staying pending, in the running local runtime: both branches of the outbox
 * relay, and what becomes of a message that is not our event. How the dispatcher retries: {@link LocalDispatcherTest}.
 */
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
     * The other branch of the reconcile pass: RabbitMQ confirmed the event long ago, yet the image is still pending
     * (its message was dead-lettered while S3 was down, say). Nothing but the reconcile pass sends it again here.
     */
    @Test
    void reconcilePassPublishesAgainAConfirmedEventThatNeverProducedAThumbnail() throws Exception {
        ApiClient user = api().newUser();
        UUID owner = UUID.fromString(user.userId());
        byte[] bytes = Files.readAllBytes(photos().get(1));
        UUID id = UUID.randomUUID();
        store.put(buckets.originalsBucket(), StorageKeys.original(owner, id), bytes, "image/jpeg");
        images.insert(id, new NewImage(owner, new byte[] {4, 5, 6}, "jpeg", 10, 10, bytes.length, null, null, null, null));
        db.sql("""
                update images set saved_at = now() - interval '1 hour', event_sent_at = now() - interval '11 minutes'
                where id = ?""").param(id).update();

        assertThat(reconcile.get()).isGreaterThanOrEqualTo(1);

        assertThat(awaitSettled(user, id.toString(), Duration.ofSeconds(60)).path("status").asText()).isEqualTo("ready");
        assertThat(db.sql("select event_sent_at > now() - interval '1 minute' from images where id = ?").param(id)
                .query(Boolean.class).single()).as("the new event's confirm recorded").isTrue();
    }

    /**
     * A message that is no CloudEvent is not refused by the source: it is wrapped as dev.knative.rabbitmq.event and
     * delivered. The thumbnail function refuses that with a status the source does not retry, so it ends in the
     * dead-letter queue, and the queue behind it moves on.
     */
    @Test
    void poisonMessageIsDeliveredWrappedRefusedAndDeadLettered() throws Exception {
        long deadBefore = admin.getQueueInfo(QUEUE + ".dead").getMessageCount();
        String scrape = Prometheus.scrape(baseUrl());
        double refusedBefore = Prometheus.value(scrape, "scrapbook_dispatcher_dead_letters_total", "reason=\"refused\"");
        double thumbnailRefusedBefore = Prometheus.value(scrape, "scrapbook_thumbnails_seconds_count", "outcome=\"refused\"");
        MessageProperties notACloudEvent = new MessageProperties();
        notACloudEvent.setHeader("some", "header");
        rabbit.send(TestServices.EXCHANGE, ImageSavedEvent.ROUTING_KEY, new Message("garbage".getBytes(), notACloudEvent));

        ApiClient user = api().newUser();
        String id = user.upload("/api/save", Files.readAllBytes(photos().get(1)), "image/jpeg").body().path("id").asText();

        assertThat(awaitSettled(user, id, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("ready");
        awaitDeadLetters(deadBefore + 1);
        scrape = Prometheus.scrape(baseUrl());
        assertThat(Prometheus.value(scrape, "scrapbook_dispatcher_dead_letters_total", "reason=\"refused\""))
                .isEqualTo(refusedBefore + 1);
        assertThat(Prometheus.value(scrape, "scrapbook_thumbnails_seconds_count", "outcome=\"refused\""))
                .as("it did reach the thumbnail function").isEqualTo(thumbnailRefusedBefore + 1);
    }

    /**
     * What save-image published before structured mode: the CloudEvents AMQP binding's cloudEvents_* headers. A
     * RabbitmqSource does not read them, so the image's event arrives as dev.knative.rabbitmq.event, is refused,
     * and the image gets no thumbnail: the old format fails here as it failed in a cluster.
     */
    @Test
    void theOldAmqpBindingFormatNeverMakesAThumbnail() throws Exception {
        ApiClient user = api().newUser();
        UUID owner = UUID.fromString(user.userId());
        byte[] bytes = Files.readAllBytes(photos().get(0));
        UUID id = UUID.randomUUID();
        store.put(buckets.originalsBucket(), StorageKeys.original(owner, id), bytes, "image/jpeg");
        images.insert(id, new NewImage(owner, new byte[] {7, 8, 9}, "jpeg", 10, 10, bytes.length, null, null, null, null));
        long deadBefore = admin.getQueueInfo(QUEUE + ".dead").getMessageCount();
        MessageProperties oldFormat = new MessageProperties();
        oldFormat.setContentType("application/json");
        oldFormat.setHeader("cloudEvents_specversion", "1.0");
        oldFormat.setHeader("cloudEvents_id", UUID.randomUUID().toString());
        oldFormat.setHeader("cloudEvents_type", ImageSavedEvent.TYPE);
        oldFormat.setHeader("cloudEvents_source", ImageSavedEvent.SOURCE.toString());
        oldFormat.setHeader("cloudEvents_subject", id.toString());

        rabbit.send(TestServices.EXCHANGE, ImageSavedEvent.ROUTING_KEY,
                new Message(("{\"imageId\":\"" + id + "\"}").getBytes(), oldFormat));
        awaitDeadLetters(deadBefore + 1);

        assertThat(images.findById(id).orElseThrow().status().name()).isEqualTo("pending");
    }

    private void awaitDeadLetters(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (admin.getQueueInfo(QUEUE + ".dead").getMessageCount() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(admin.getQueueInfo(QUEUE + ".dead").getMessageCount()).isEqualTo(expected);
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

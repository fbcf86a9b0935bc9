package dev.scrapbook.save;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.testing.TestServices;

/**
 * The cluster's reconcile CronJob: the save-image app started with SCRAPBOOK_RECONCILE_ONCE runs the outbox relay
 * once, without a web server, and exits with a status the Job can read.
 */
@SpringBootTest(classes = SaveImageApplication.class)
class ReconcileOnceTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @Autowired
    ImageRepository images;
    @Autowired
    StorageSettings buckets;
    @Autowired
    JdbcClient db;
    @Autowired
    ConfigurableApplicationContext context;
    @Autowired
    RabbitAdmin admin;
    @Autowired
    TopicExchange imagesExchange;

    /** As the CronJob runs it: its own JVM, configured by environment variables only. */
    @Test
    void aProcessInRunOnceModePublishesTheMissingEventAndExitsZero() throws IOException, InterruptedException {
        UUID id = pendingImageWithoutEvent();
        Path log = Files.createTempFile("reconcile-once", ".log");
        // A queue for the event, as the thumbnail queue in a cluster: an unroutable event is not a delivered one.
        AnonymousQueue thumbnails = new AnonymousQueue();
        admin.declareQueue(thumbnails);
        admin.declareBinding(BindingBuilder.bind(thumbnails).to(imagesExchange).with(ImageSavedEvent.ROUTING_KEY));
        ProcessBuilder process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SaveImageApplication.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        process.environment().putAll(Map.of(
                "SCRAPBOOK_RECONCILE_ONCE", "true",
                "SPRING_MAIN_WEB_APPLICATION_TYPE", "none",
                "SCRAPBOOK_DB_URL", TestServices.databaseUrl(),
                "SCRAPBOOK_DB_MIGRATE", "false",
                "SCRAPBOOK_EVENTS_EXCHANGE", TestServices.EXCHANGE,
                "SCRAPBOOK_S3_ENDPOINT", TestServices.s3().endpoint().toString(),
                "SCRAPBOOK_S3_ACCESS_KEY", TestServices.S3_KEY,
                "SCRAPBOOK_S3_SECRET_KEY", TestServices.S3_SECRET,
                "SCRAPBOOK_S3_ORIGINALS_BUCKET", buckets.originalsBucket(),
                "SCRAPBOOK_AUTH_SECRET", TestServices.AUTH_SECRET));

        Process run = process.start();
        // A guard against a process that never exits (the bug this mode must not have), not a timing assertion.
        boolean exited = run.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            run.destroyForcibly();
        }
        long delivered = admin.getQueueInfo(thumbnails.getName()).getMessageCount();
        admin.deleteQueue(thumbnails.getName());

        String output = Files.readString(log);
        Files.delete(log);
        assertThat(exited).as("the run-once process exited by itself:%n%s", output).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(db.sql("select event_sent_at is not null from images where id = ?").param(id)
                .query(Boolean.class).single()).as("event published again and confirmed").isTrue();
        assertThat(delivered).isEqualTo(1);
    }

    @Test
    void aFailedPassExitsOne() {
        ReconcileOnce once = new ReconcileOnce(() -> {
            throw new IllegalStateException("PostgreSQL is down");
        }, context);

        assertThat(once.runOnce()).isEqualTo(1);
    }

    /** What a save leaves when RabbitMQ is down: a row whose event was never confirmed, a minute ago. */
    private UUID pendingImageWithoutEvent() {
        UUID owner = TestServices.insertUser(db);
        UUID id = UUID.randomUUID();
        images.insert(id, new NewImage(owner, UUID.randomUUID().toString().getBytes(), "jpeg", 10, 10, 3, null, null,
                null, null));
        db.sql("update images set saved_at = now() - interval '1 minute' where id = ?").param(id).update();
        return id;
    }
}

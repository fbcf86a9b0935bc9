package dev.scrapbook.save;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Function;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.save.ImageSaver.Provenance;
import dev.scrapbook.save.ImageSaver.Saved;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.testing.TestServices;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

/**
 * The save-image function looked up in the function catalog, against the real PostgreSQL, RabbitMQ and S3:
 * the original lands in S3, the row is pending, and RabbitMQ carries an image-saved CloudEvent in binary mode.
 */
@SpringBootTest(classes = SaveImageApplication.class)
class SaveImageFunctionTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @Autowired
    FunctionCatalog catalog;
    @Autowired
    RabbitAdmin admin;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    TopicExchange imagesExchange;
    @Autowired
    ObjectStore store;
    @Autowired
    StorageSettings buckets;
    @Autowired
    JdbcClient db;

    static RabbitAdmin cleanup;

    @Test
    void savesOriginalRowAndPublishesTheEvent() throws IOException {
        AnonymousQueue listener = new AnonymousQueue();
        admin.declareQueue(listener);
        admin.declareBinding(BindingBuilder.bind(listener).to(imagesExchange).with(ImageSavedEvent.ROUTING_KEY));
        cleanup = admin;
        Function<SaveImageFunction.Request, Saved> saveImage = catalog.lookup("saveImage");
        UUID owner = TestServices.insertUser(db);
        byte[] png = png();

        Saved saved = saveImage.apply(new SaveImageFunction.Request(owner, null, png,
                new Provenance(null, "https://example.org/", "A page", null)));

        assertThat(saved.created()).isTrue();
        assertThat(saved.image().format()).isEqualTo("png");
        assertThat(saved.image().width()).isEqualTo(320);
        assertThat(store.get(buckets.originalsBucket(), StorageKeys.original(owner, saved.image().id()))).isEqualTo(png);
        Message message = rabbit.receive(listener.getName(), 10_000);
        assertThat(message).isNotNull();
        // Structured mode: the one form a RabbitmqSource reads from the body alone (local's RabbitmqSourceRulesTest).
        assertThat(message.getMessageProperties().getContentType()).isEqualTo("application/cloudevents+json");
        CloudEvent event = new JsonFormat().deserialize(message.getBody());
        assertThat(ImageSavedEvent.imageId(event)).contains(saved.image().id());
        assertThat(db.sql("select event_sent_at is not null from images where id = ?").param(saved.image().id())
                .query(Boolean.class).single()).as("confirmed event recorded").isTrue();

        Saved again = saveImage.apply(new SaveImageFunction.Request(owner, null, png, new Provenance(null, null, null, null)));
        assertThat(again.created()).isFalse();
        assertThat(again.image().id()).isEqualTo(saved.image().id());
    }

    @AfterAll
    static void removeExchange() {
        if (cleanup != null) {
            cleanup.deleteExchange(TestServices.EXCHANGE);
        }
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(320, 200, BufferedImage.TYPE_INT_ARGB), "png", out);
        return out.toByteArray();
    }
}

package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.events.ImageSavedEvent;
import io.cloudevents.CloudEvent;

/**
 * The message a real save puts on the real exchange, taken off a queue of the test's own and read with the
 * RabbitmqSource adapter's rules ({@link RabbitmqSourceRules}): it must become exactly the image-saved event, with
 * the save's trace, as a cluster's adapter would deliver it to the thumbnail service.
 */
class EventOnTheWireTest extends LocalRuntimeTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Autowired
    RabbitAdmin admin;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    TopicExchange imagesExchange;

    @Test
    void aRealSavePublishesWhatTheAdapterReadsAsExactlyTheImageSavedEvent() throws Exception {
        AnonymousQueue capture = new AnonymousQueue();
        admin.declareQueue(capture);
        admin.declareBinding(BindingBuilder.bind(capture).to(imagesExchange).with(ImageSavedEvent.ROUTING_KEY));
        ApiClient user = api().newUser().withHeader("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");

        String id = user.upload("/api/save", Files.readAllBytes(photos().get(2)), "image/jpeg").body().path("id").asText();
        Message message = rabbit.receive(capture.getName(), 10_000);
        admin.deleteQueue(capture.getName());

        assertThat(message).as("the save's message on the exchange").isNotNull();
        assertThat(message.getMessageProperties().getHeaders())
                .as("Spring AMQP's return correlation travels too: harmless in structured mode, fatal in binary mode")
                .containsKey("spring_returned_message_correlation");
        CloudEvent event = RabbitmqSourceRules.toCloudEvent(
                LocalDispatcher.delivery(message.getMessageProperties(), message.getBody()), RabbitmqSourceRulesTest.SOURCE);

        assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(event.getType()).isEqualTo(ImageSavedEvent.TYPE);
        assertThat(event.getSource()).isEqualTo(ImageSavedEvent.SOURCE);
        assertThat(event.getSubject()).isEqualTo(id);
        assertThat(event.getId()).isEqualTo(message.getMessageProperties().getMessageId());
        assertThat(event.getTime()).isNotNull();
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(new ObjectMapper().readValue(event.getData().toBytes(), Map.class)).isEqualTo(Map.of("imageId", id));
        assertThat(event.getExtensionNames()).containsExactly(ImageSavedEvent.TRACEPARENT);
        assertThat((String) event.getExtension(ImageSavedEvent.TRACEPARENT)).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
    }
}

package dev.scrapbook.events;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cloudevents.CloudEvent;

/**
 * Publishes to a durable topic exchange as persistent messages, with publisher confirms and mandatory
 * routing: {@link #publish} is true only when RabbitMQ has taken responsibility for the event.
 */
@Configuration(proxyBeanMethods = false)
class RabbitEventPublisher implements EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(RabbitEventPublisher.class);

    private final RabbitTemplate rabbit;
    private final EventSettings settings;

    RabbitEventPublisher(RabbitTemplate rabbit, EventSettings settings) {
        this.rabbit = rabbit;
        this.settings = settings;
    }

    /** Declared by Spring's RabbitAdmin on first connection, so publishing never hits a missing exchange. */
    @Bean
    TopicExchange imagesExchange() {
        return ExchangeBuilder.topicExchange(settings.exchange()).durable(true).build();
    }

    @Override
    public boolean publish(CloudEvent event, String routingKey) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(event.getDataContentType());
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setMessageId(event.getId());
        AmqpCloudEvents.headers(event).forEach(properties::setHeader);
        byte[] body = event.getData() == null ? new byte[0] : event.getData().toBytes();
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        try {
            rabbit.send(settings.exchange(), routingKey, new Message(body, properties), correlation);
            CorrelationData.Confirm confirm = correlation.getFuture()
                    .get(settings.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
            // A returned message (no queue bound) is confirmed too, but nobody will consume it.
            boolean delivered = confirm.isAck() && correlation.getReturned() == null;
            if (!delivered) {
                log.warn("event {} not taken by the broker: {}", event.getId(),
                        correlation.getReturned() != null ? "no queue bound" : confirm.getReason());
            }
            return delivered;
        } catch (Exception e) {
            log.warn("event {} not confirmed: {}", event.getId(), e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}

package dev.scrapbook.events;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Publishes to a durable topic exchange as persistent messages, with publisher confirms and mandatory
 * routing: {@link #publish} is true only when RabbitMQ has taken responsibility for the event.
 *
 * <p>The event travels in structured mode: the whole CloudEvent as the body, in the CloudEvents JSON format,
 * with the message's content type {@code application/cloudevents+json}. That is the one form the Knative
 * RabbitmqSource adapter reads from the body alone (knative-extensions/eventing-rabbitmq, knative-v1.22.1,
 * pkg/rabbit/message.go: {@code format.Lookup(contentType)} before any header is looked at). It does not read
 * the CloudEvents AMQP binding's {@code cloudEvents_*} headers, and in binary mode it would turn every other
 * header (Spring AMQP's {@code spring_returned_message_correlation}, which matches a returned message to its
 * {@link CorrelationData} and so must stay) into an extension whose name the CloudEvents Go SDK refuses.
 * The local dispatcher reads messages with the adapter's rules ({@code local}'s {@code RabbitmqSourceRules}).
 */
@Configuration(proxyBeanMethods = false)
class RabbitEventPublisher implements EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(RabbitEventPublisher.class);
    private static final JsonFormat STRUCTURED = new JsonFormat();

    private final RabbitTemplate rabbit;
    private final EventSettings settings;
    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    RabbitEventPublisher(RabbitTemplate rabbit, EventSettings settings, ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        this.rabbit = rabbit;
        this.settings = settings;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Declared by Spring's RabbitAdmin on first connection, so publishing never hits a missing exchange. */
    @Bean
    TopicExchange imagesExchange() {
        return ExchangeBuilder.topicExchange(settings.exchange()).durable(true).build();
    }

    /**
     * Images start with lazy beans; a lazy RabbitAdmin would never be created, never see the first
     * connection and never declare the exchange (Boot declares it as an AmqpAdmin), so every publish would hit a missing exchange.
     */
    @Bean
    static LazyInitializationExcludeFilter rabbitAdminStaysEager() {
        return LazyInitializationExcludeFilter.forBeanTypes(AmqpAdmin.class);
    }

    @Override
    public boolean publish(CloudEvent untraced, String routingKey) {
        CloudEvent event = withTraceContext(untraced);
        MessageProperties properties = new MessageProperties();
        properties.setContentType(JsonFormat.CONTENT_TYPE);
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setMessageId(event.getId());
        byte[] body = STRUCTURED.serialize(event);
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

    /**
     * The current trace (the save request's) as the event's traceparent/tracestate extensions. Spring AMQP's
     * own observation would put it in a plain AMQP header instead, which a Knative RabbitmqSource does not
     * hand on as part of the CloudEvent.
     */
    private CloudEvent withTraceContext(CloudEvent event) {
        Tracer current = tracer.getIfAvailable();
        Propagator w3c = propagator.getIfAvailable();
        TraceContext context = current == null ? null : current.currentTraceContext().context();
        if (w3c == null || context == null) {
            return event;
        }
        Map<String, String> carrier = new HashMap<>();
        w3c.inject(context, carrier, Map::put);
        CloudEventBuilder traced = CloudEventBuilder.from(event);
        for (String name : new String[] {ImageSavedEvent.TRACEPARENT, ImageSavedEvent.TRACESTATE}) {
            String value = carrier.get(name);
            if (value != null && !value.isEmpty()) {
                traced.withExtension(name, value);
            }
        }
        return traced.build();
    }
}

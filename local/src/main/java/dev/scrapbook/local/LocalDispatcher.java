package dev.scrapbook.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;

import com.rabbitmq.client.Channel;

import dev.scrapbook.events.AmqpCloudEvents;
import dev.scrapbook.events.ImageSavedEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.spring.http.CloudEventHttpUtils;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Plays the Knative RabbitmqSource on one machine, with its semantics: a durable queue bound to the
 * image-saved routing key; each message POSTed to the thumbnail function as a binary-mode CloudEvent;
 * acked only after a 2xx (so a crash mid-way redelivers it); 5xx, 429 and network errors retried with
 * exponential backoff; other 4xx and exhausted retries dead-lettered, so a poison message never holds
 * up the queue behind it for longer than its retries. Counts deliveries, retries and dead letters (by reason)
 * as {@code scrapbook.dispatcher.*}, the figures the Knative source's own metrics give in a cluster.
 */
@Configuration(proxyBeanMethods = false)
class LocalDispatcher implements ChannelAwareMessageListener {

    static final String THUMBNAIL_PATH = "/internal/events/image-saved";
    private static final Logger log = LoggerFactory.getLogger(LocalDispatcher.class);

    private final DispatcherSettings settings;
    private final HttpClient http;
    private final MeterRegistry meters;
    private URI target;

    LocalDispatcher(DispatcherSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.meters = meters;
    }

    @Bean
    Declarables thumbnailQueue(TopicExchange imagesExchange) {
        Queue deadLetters = QueueBuilder.durable(settings.deadLetterQueue()).build();
        Queue queue = QueueBuilder.durable(settings.queue())
                .deadLetterExchange("")
                .deadLetterRoutingKey(settings.deadLetterQueue())
                .build();
        Binding binding = BindingBuilder.bind(queue).to(imagesExchange).with(ImageSavedEvent.ROUTING_KEY);
        return new Declarables(deadLetters, queue, binding);
    }

    @Bean
    SimpleMessageListenerContainer dispatcherContainer(ConnectionFactory connections) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames(settings.queue());
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setConcurrentConsumers(settings.parallelism());
        container.setPrefetchCount(1);
        container.setMessageListener(this);
        // Started once the web server listens, so the first delivery finds the thumbnail function up.
        container.setAutoStartup(false);
        return container;
    }

    @EventListener
    void start(ApplicationReadyEvent ready) {
        int port = Integer.parseInt(ready.getApplicationContext().getEnvironment().getProperty("local.server.port"));
        target = URI.create("http://127.0.0.1:" + port + THUMBNAIL_PATH);
        ready.getApplicationContext().getBean("dispatcherContainer", SimpleMessageListenerContainer.class).start();
    }

    @Override
    public void onMessage(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        CloudEvent event;
        try {
            event = AmqpCloudEvents.read(message.getMessageProperties().getHeaders(),
                    message.getMessageProperties().getContentType(), message.getBody());
        } catch (IllegalArgumentException e) {
            log.warn("dead-lettering a message that is not a CloudEvent: {}", e.getMessage());
            deadLettered("not-a-cloudevent");
            channel.basicNack(tag, false, false);
            return;
        }
        boolean delivered = deliver(event);
        if (delivered) {
            meters.counter("scrapbook.dispatcher.delivered").increment();
            channel.basicAck(tag, false);
        } else {
            channel.basicNack(tag, false, false);
        }
    }

    private void deadLettered(String reason) {
        meters.counter("scrapbook.dispatcher.dead.letters", "reason", reason).increment();
    }

    /** True after a 2xx; false once the event is to be dead-lettered. */
    private boolean deliver(CloudEvent event) throws InterruptedException {
        Duration backoff = settings.backoffDelay();
        for (int attempt = 0; ; attempt++) {
            int status = post(event);
            if (status >= 200 && status < 300) {
                return true;
            }
            boolean retryable = status < 0 || status >= 500 || status == 429 || status == 408;
            if (!retryable || attempt >= settings.retry()) {
                log.warn("dead-lettering event {} ({}) after {} tries, last answer {}", event.getId(), event.getSubject(),
                        attempt + 1, status < 0 ? "no connection" : status);
                deadLettered(retryable ? "retries-exhausted" : "refused");
                return false;
            }
            meters.counter("scrapbook.dispatcher.retries").increment();
            Thread.sleep(backoff);
            backoff = backoff.multipliedBy(2);
        }
    }

    /** The HTTP status, or -1 when the function could not be reached. */
    private int post(CloudEvent event) {
        HttpHeaders ceHeaders = CloudEventHttpUtils.toHttp(event);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(settings.requestTimeout());
        ceHeaders.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        byte[] data = event.getData() == null ? new byte[0] : event.getData().toBytes();
        try {
            return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}

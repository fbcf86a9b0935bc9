package dev.scrapbook.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.http.HttpHeaders;

import com.rabbitmq.client.Channel;

import dev.scrapbook.local.RabbitmqSourceRules.Delivery;
import dev.scrapbook.local.RabbitmqSourceRules.NotConvertible;
import dev.scrapbook.local.RabbitmqSourceRules.Source;
import io.cloudevents.CloudEvent;
import io.cloudevents.spring.http.CloudEventHttpUtils;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Plays the Knative RabbitmqSource's receive adapter on one machine, by its rules ({@link RabbitmqSourceRules}):
 * each message becomes a CloudEvent as the adapter makes it (a message that is not one is wrapped as
 * {@code dev.knative.rabbitmq.event} and delivered all the same), POSTed in binary mode; acked only after a 2xx,
 * so a crash mid-way redelivers it; retried after a connection failure or one of the statuses the adapter
 * retries, waiting as it waits; nacked without requeue, into the queue's dead-letter queue, when it can't be
 * converted, when the answer is any other status, or when the retries are spent. Counts deliveries, retries and
 * dead letters (by reason) as {@code scrapbook.dispatcher.*}, the figures the source's own metrics give in a cluster.
 */
class LocalDispatcher implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(LocalDispatcher.class);

    /** What became of a message; all but {@code DELIVERED} send it to the dead-letter queue, tagged by reason. */
    enum Verdict {
        DELIVERED("delivered"), CONVERSION_FAILED("conversion-failed"), REFUSED("refused"),
        RETRIES_EXHAUSTED("retries-exhausted");

        final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }
    }

    private final DispatcherSettings settings;
    private final Source source;
    private final URI target;
    private final HttpClient http;
    private final MeterRegistry meters;

    LocalDispatcher(DispatcherSettings settings, Source source, URI target, MeterRegistry meters) {
        this.settings = settings;
        this.source = source;
        this.target = target;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.meters = meters;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        Verdict verdict = dispatch(message);
        if (verdict == Verdict.DELIVERED) {
            meters.counter("scrapbook.dispatcher.delivered").increment();
            channel.basicAck(tag, false);
        } else {
            meters.counter("scrapbook.dispatcher.dead.letters", "reason", verdict.reason).increment();
            channel.basicNack(tag, false, false);
        }
    }

    private Verdict dispatch(Message message) throws InterruptedException {
        CloudEvent event;
        try {
            event = RabbitmqSourceRules.toCloudEvent(delivery(message.getMessageProperties(), message.getBody()), source);
        } catch (NotConvertible e) {
            log.warn("dead-lettering message {}: the RabbitmqSource adapter could not convert it to a CloudEvent: {}",
                    message.getMessageProperties().getMessageId(), e.getMessage());
            return Verdict.CONVERSION_FAILED;
        }
        return deliver(event);
    }

    static Delivery delivery(MessageProperties properties, byte[] body) {
        return new Delivery(properties.getHeaders(), properties.getContentType(), properties.getMessageId(),
                properties.getTimestamp(), body);
    }

    private Verdict deliver(CloudEvent event) throws InterruptedException {
        for (int retry = 0; ; retry++) {
            int status = post(event);
            if (status / 100 == 2) {
                return Verdict.DELIVERED;
            }
            if (status >= 0 && !RabbitmqSourceRules.retries(status)) {
                log.warn("dead-lettering event {} ({} {}): answered {}, which the RabbitmqSource does not retry",
                        event.getId(), event.getType(), event.getSubject(), status);
                return Verdict.REFUSED;
            }
            if (retry == settings.retry()) {
                log.warn("dead-lettering event {} ({} {}) after {} tries, last answer {}", event.getId(), event.getType(),
                        event.getSubject(), retry + 1, status < 0 ? "no connection" : status);
                return Verdict.RETRIES_EXHAUSTED;
            }
            meters.counter("scrapbook.dispatcher.retries").increment();
            Thread.sleep(settings.backoffBefore(retry + 1));
        }
    }

    /** The HTTP status, or -1 when the function could not be reached or did not answer in time. */
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

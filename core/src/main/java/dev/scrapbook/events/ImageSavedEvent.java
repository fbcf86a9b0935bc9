package dev.scrapbook.events;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * The one event of the system, in one place for producer and consumers: save-image emits it when an
 * image's row is committed; the thumbnail function (through RabbitMQ and a RabbitmqSource or the local
 * dispatcher) consumes it. The subject is the image id; the data repeats it as JSON for consumers that
 * ignore the subject. On RabbitMQ it is a structured-mode message ({@code application/cloudevents+json});
 * the source delivers it over HTTP in binary mode ({@code ce-*} headers, the data as the body).
 */
public final class ImageSavedEvent {

    public static final String TYPE = "dev.scrapbook.image.saved";
    public static final URI SOURCE = URI.create("/scrapbook/save-image");
    /** RabbitMQ routing key on the topic exchange; a RabbitmqSource or the local dispatcher binds to it. */
    public static final String ROUTING_KEY = "image.saved";
    /**
     * The CloudEvents distributed-tracing extension: the W3C trace context of the save, so that the thumbnail
     * continues its trace. A field of the structured event on RabbitMQ, HTTP header {@code ce-traceparent}.
     */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private ImageSavedEvent() {
    }

    public static CloudEvent of(UUID imageId) {
        return CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withType(TYPE)
                .withSource(SOURCE)
                .withSubject(imageId.toString())
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(("{\"imageId\":\"" + imageId + "\"}").getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** The image an event is about, or empty when it is not an image-saved event with a valid subject. */
    public static Optional<UUID> imageId(CloudEvent event) {
        if (!TYPE.equals(event.getType()) || event.getSubject() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(event.getSubject()));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }
}

package dev.scrapbook.events;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * The CloudEvents AMQP binding, binary content mode, for RabbitMQ: attributes travel as message headers
 * named {@code cloudEvents_<attribute>} (the binding also allows {@code cloudEvents:}, which we accept),
 * datacontenttype as the message's content-type, data as the body.
 */
public final class AmqpCloudEvents {

    static final String PREFIX = "cloudEvents_";
    private static final String LEGACY_PREFIX = "cloudEvents:";

    private AmqpCloudEvents() {
    }

    /** Headers for a message carrying {@code event}; datacontenttype is left to the content-type property. */
    public static Map<String, Object> headers(CloudEvent event) {
        Map<String, Object> headers = new HashMap<>();
        for (String name : event.getAttributeNames()) {
            Object value = event.getAttribute(name);
            if (value != null && !"datacontenttype".equals(name)) {
                headers.put(PREFIX + name, value.toString());
            }
        }
        for (String name : event.getExtensionNames()) {
            headers.put(PREFIX + name, String.valueOf(event.getExtension(name)));
        }
        return headers;
    }

    /** Reads a binary-mode message back; throws IllegalArgumentException when it is not a valid CloudEvent. */
    public static CloudEvent read(Map<String, Object> headers, String contentType, byte[] body) {
        Map<String, String> attributes = new HashMap<>();
        headers.forEach((key, value) -> attributeName(key).ifPresent(name -> attributes.put(name, String.valueOf(value))));
        String specVersion = attributes.remove("specversion");
        if (specVersion == null) {
            throw new IllegalArgumentException("no cloudEvents_specversion header");
        }
        CloudEventBuilder builder = CloudEventBuilder.fromSpecVersion(SpecVersion.parse(specVersion));
        attributes.forEach(builder::withContextAttribute);
        if (contentType != null) {
            builder.withDataContentType(contentType);
        }
        if (body != null && body.length > 0) {
            builder.withData(body);
        }
        return builder.build();
    }

    private static Optional<String> attributeName(String header) {
        if (header.startsWith(PREFIX)) {
            return Optional.of(header.substring(PREFIX.length()));
        }
        if (header.startsWith(LEGACY_PREFIX)) {
            return Optional.of(header.substring(LEGACY_PREFIX.length()));
        }
        return Optional.empty();
    }
}

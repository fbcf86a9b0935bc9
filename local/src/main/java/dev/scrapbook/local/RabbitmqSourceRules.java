package dev.scrapbook.local;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.http.MediaType;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;

/**
 * The Knative RabbitmqSource receive adapter's rules, stated in Java so that the local dispatcher reads, delivers,
 * retries and dead-letters a message exactly as the adapter does in a cluster. Read at the pinned versions:
 * knative-extensions/eventing-rabbitmq tag knative-v1.22.1 ("adapter.go" is pkg/adapter/adapter.go, "message.go"
 * pkg/rabbit/message.go) and the CloudEvents Go SDK its go.mod pins, cloudevents/sdk-go v2.16.1 (paths under v2/).
 * Each rule names its file; {@code RabbitmqSourceRulesTest} holds each one.
 */
final class RabbitmqSourceRules {

    /** message.go {@code ConvertToCloudEvent}, type from pkg/apis/sources/v1alpha1/rabbitmq_types.go. */
    static final String WRAPPED_TYPE = "dev.knative.rabbitmq.event";

    /**
     * protocol/http/protocol.go {@code defaultRetriableErrors}: the only statuses retried (a 500 is not).
     * A connection that fails is retried too (protocol_retry.go: only an answer with a status is judged).
     */
    static final Set<Integer> RETRIED_STATUSES = Set.of(404, 413, 425, 429, 502, 503, 504);

    /** binding/format/format.go: the event formats {@code format.Lookup} knows. */
    private static final String STRUCTURED_JSON = "application/cloudevents+json";
    private static final String STRUCTURED_BATCH = "application/cloudevents-batch+json";
    private static final JsonFormat JSON = new JsonFormat();

    private RabbitmqSourceRules() {
    }

    /** What the adapter reads of one delivery (amqp091-go's {@code Delivery}). */
    record Delivery(Map<String, Object> headers, String contentType, String messageId, Date timestamp, byte[] body) {
    }

    /**
     * The source that names a wrapped event: {@code /apis/v1/namespaces/NS/rabbitmqsources/NAME#QUEUE}
     * (rabbitmq_types.go {@code RabbitmqEventSource}).
     */
    record Source(String namespace, String name, String queue) {

        String uri() {
            return "/apis/v1/namespaces/%s/rabbitmqsources/%s#%s".formatted(namespace, name, queue);
        }
    }

    /** The adapter could not make a valid CloudEvent of the delivery: it logs and nacks it without requeue. */
    static final class NotConvertible extends Exception {

        NotConvertible(String message) {
            super(message);
        }

        NotConvertible(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The CloudEvent the adapter sends for a delivery (message.go {@code ConvertDeliveryMessageToCloudevent}),
     * validated as the SDK's client does before sending (client/client.go {@code Send}: {@code e.Validate()}).
     * A message that is neither structured nor binary is not refused: it is wrapped as a new event.
     */
    static CloudEvent toCloudEvent(Delivery delivery, Source source) throws NotConvertible {
        Map<String, String> headers = headers(delivery.headers(), source);
        String format = mediaType(delivery.contentType());
        try {
            if (STRUCTURED_JSON.equals(format)) {
                return valid(structured(delivery.body()));
            }
            if (STRUCTURED_BATCH.equals(format)) {
                // format.go: the batch format's Unmarshal always fails.
                throw new NotConvertible("not supported for batch events");
            }
            SpecVersion version = specVersion(headers.get("specversion"));
            if (version != null) {
                return valid(binary(version, headers, delivery.body()));
            }
        } catch (RuntimeException invalid) {
            throw new NotConvertible(invalid.getMessage(), invalid);
        }
        try {
            return valid(wrapped(delivery, source));
        } catch (RuntimeException invalid) {
            throw new NotConvertible(invalid.getMessage(), invalid);
        }
    }

    /** Whether the adapter tries again after this answer; any other non-2xx status nacks the message at once. */
    static boolean retries(int status) {
        return RETRIED_STATUSES.contains(status);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first): context/retry.go {@code BackoffFor}, called
     * by protocol_retry.go as {@code Backoff(ctx, retry+1)}: exponential {@code delay * 2^retry} (so the first
     * retry waits twice the delay), linear {@code delay * retry}. After {@code retry} retries the SDK stops
     * ({@code tries > MaxTries}) and the adapter nacks the message without requeue (adapter.go
     * {@code processMessages}): to the queue's dead-letter exchange.
     */
    static Duration backoff(String policy, Duration delay, int retry) {
        return "linear".equals(policy) ? delay.multipliedBy(retry) : delay.multipliedBy(1L << retry);
    }

    /**
     * The source's {@code delivery.backoffDelay} as the adapter reads it: ISO-8601 ({@code period.Parse} of
     * rickb777/date v1.13.0 in adapter.go {@code postMessage}), its error ignored, so "1s" becomes 0, and a zero
     * or negative period makes {@code time.NewTicker} panic at the first retry (context/retry.go {@code Backoff}):
     * the adapter crash-loops. Here such a value stops the start instead, saying why.
     */
    static Duration backoffDelay(String iso8601) {
        Duration delay;
        try {
            delay = Duration.parse(iso8601);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("backoff delay '" + iso8601 + "' is not an ISO-8601 duration such as"
                    + " PT0.5S: the RabbitmqSource adapter would read it as 0 and crash at its first retry", e);
        }
        if (delay.isZero() || delay.isNegative()) {
            throw new IllegalArgumentException("backoff delay '" + iso8601 + "' is not positive: the RabbitmqSource"
                    + " adapter's retry ticker would panic at its first retry");
        }
        return delay;
    }

    /**
     * message.go {@code NewMessageFromDelivery}: every header except one named exactly {@code traceparent} or
     * {@code tracestate} (case-sensitive, before lower-casing), its name lower-cased and a leading {@code ce-} cut,
     * its value as Go's {@code fmt.Sprint} prints it; then {@code source} set to the source's own URI if absent.
     * Two headers that end up with one name leave one of them (a Go map: which one is not defined).
     */
    static Map<String, String> headers(Map<String, Object> amqpHeaders, Source source) {
        Map<String, String> headers = new LinkedHashMap<>();
        amqpHeaders.forEach((key, value) -> {
            if (!key.equals("traceparent") && !key.equals("tracestate")) {
                String name = key.toLowerCase(Locale.ROOT);
                headers.put(name.startsWith("ce-") ? name.substring(3) : name, goSprint(value));
            }
        });
        headers.putIfAbsent("source", source.uri());
        return headers;
    }

    /** format.go {@code Lookup}: the content type before any ';', lower-cased and trimmed. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).toLowerCase(Locale.ROOT).strip();
    }

    /** message.go {@code NewMessage}: binary mode only when the specversion header names a version the SDK knows. */
    private static SpecVersion specVersion(String value) {
        if ("1.0".equals(value)) {
            return SpecVersion.V1;
        }
        return "0.3".equals(value) ? SpecVersion.V03 : null;
    }

    /**
     * Structured mode (message.go {@code ReadStructured}): the body alone is the event, in the JSON format;
     * headers play no part. Read with the CloudEvents Java SDK's JSON format, which follows the same
     * specification; unlike the Go SDK it also refuses extension names with upper-case letters.
     */
    private static CloudEvent structured(byte[] body) {
        CloudEvent event = JSON.deserialize(body);
        event.getExtensionNames().forEach(RabbitmqSourceRules::checkExtensionName);
        return event;
    }

    /**
     * Binary mode (message.go {@code ReadBinary}): header {@code content-type} is the datacontenttype; headers
     * starting with {@code x-} are left out; a header named as one of the version's attributes sets it; every
     * other header becomes an extension, whose name the SDK checks (event/extensions.go
     * {@code validateExtensionName}): one failure fails the whole conversion. The body is the data.
     */
    private static CloudEvent binary(SpecVersion version, Map<String, String> headers, byte[] body) {
        CloudEventBuilder event = CloudEventBuilder.fromSpecVersion(version);
        headers.forEach((name, value) -> {
            if (name.equals("content-type")) {
                event.withDataContentType(value);
            } else if (name.equals("specversion") || name.startsWith("x-")) {
                return;
            } else if (version.getAllAttributes().contains(name)) {
                event.withContextAttribute(name, value);
            } else {
                checkExtensionName(name);
                event.withExtension(name, value);
            }
        });
        if (body != null && body.length > 0) {
            event.withData(body);
        }
        return event.build();
    }

    /**
     * message.go {@code ConvertToCloudEvent}: a new event whose id is the message id (or a new UUID), whose
     * subject is that id, whose time is the message's timestamp (none when it has none), and whose data and
     * datacontenttype are the body and the message's content type. No header is carried over.
     */
    private static CloudEvent wrapped(Delivery delivery, Source source) {
        String id = delivery.messageId() == null || delivery.messageId().isEmpty()
                ? UUID.randomUUID().toString() : delivery.messageId();
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(id)
                .withType(WRAPPED_TYPE)
                .withSource(URI.create(source.uri()))
                .withSubject(id)
                .withData(delivery.body() == null ? new byte[0] : delivery.body());
        if (delivery.contentType() != null && !delivery.contentType().isBlank()) {
            // eventcontext_v1_writer.go SetDataContentType: trimmed, and blank means none.
            event.withDataContentType(delivery.contentType().strip());
        }
        if (delivery.timestamp() != null) {
            event.withTime(delivery.timestamp().toInstant().atOffset(ZoneOffset.UTC));
        }
        return event.build();
    }

    /** event/extensions.go {@code validateExtensionName}: not empty, ASCII letters and digits only. */
    static void checkExtensionName(String name) {
        if (name.isEmpty() || !name.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
            throw new IllegalArgumentException("bad key '" + name + "', CloudEvents attribute names MUST consist of"
                    + " lower-case letters ('a' to 'z'), upper-case letters ('A' to 'Z') or digits ('0' to '9')");
        }
    }

    /**
     * event/eventcontext_v1.go {@code Validate}: id, source and type not blank; if present, a subject not blank,
     * a datacontenttype that parses as a media type (Go's {@code mime.ParseMediaType}; Spring's parser here) and
     * an absolute dataschema.
     */
    private static CloudEvent valid(CloudEvent event) {
        if (event.getId().isBlank() || event.getSource().toString().isBlank() || event.getType().isBlank()) {
            throw new IllegalArgumentException("id, source and type MUST be non-empty strings");
        }
        if (event.getSubject() != null && event.getSubject().isBlank()) {
            throw new IllegalArgumentException("subject, if present, MUST be a non-empty string");
        }
        if (event.getDataContentType() != null) {
            MediaType.parseMediaType(event.getDataContentType());
        }
        if (event.getDataSchema() != null && !event.getDataSchema().isAbsolute()) {
            throw new IllegalArgumentException("dataschema, if present, MUST be an absolute URI");
        }
        return event;
    }

    /**
     * How Go's {@code fmt.Sprint} prints what amqp091-go decodes from a header table: text and whole numbers as
     * themselves, byte arrays as {@code [104 105]}, timestamps as {@code 2006-01-02 15:04:05 +0000 UTC}, lists as
     * {@code [a b]}. These only ever become extension values.
     */
    static String goSprint(Object value) {
        return switch (value) {
            case null -> "<nil>";
            case byte[] bytes -> goList(new String(bytes, StandardCharsets.ISO_8859_1).chars().mapToObj(Integer::toString).toList());
            case Date date -> date.toInstant().atOffset(ZoneOffset.UTC).format(GO_TIME);
            case List<?> list -> goList(list.stream().map(RabbitmqSourceRules::goSprint).toList());
            default -> value.toString();
        };
    }

    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'");

    private static String goList(List<String> items) {
        return items.stream().collect(Collectors.joining(" ", "[", "]"));
    }
}

package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.local.RabbitmqSourceRules.Delivery;
import dev.scrapbook.local.RabbitmqSourceRules.NotConvertible;
import dev.scrapbook.local.RabbitmqSourceRules.Source;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

/**
 * The RabbitmqSource adapter's rules, each held by a case whose comment names where upstream says it:
 * knative-extensions/eventing-rabbitmq tag knative-v1.22.1 and cloudevents/sdk-go v2.16.1 (the version that tag's
 * go.mod pins). The message save-image really publishes is read with them in {@code EventOnTheWireTest}.
 */
class RabbitmqSourceRulesTest {

    static final Source SOURCE = new Source("local", "thumbnail-source", "scrapbook.thumbnail");
    static final String IMAGE = "0b7c1f9e-3f5c-4a51-9a0e-5b3f8f0c2d11";

    /**
     * What save-image published before: the CloudEvents AMQP binding's binary mode, attributes in cloudEvents_*
     * headers. pkg/rabbit/message.go (NewMessage) sees neither a cloudevents+json content type nor a ce-specversion
     * header, so ConvertToCloudEvent wraps it: the thumbnail function would get no image id.
     */
    @Test
    void theAmqpBindingsCloudEventsHeadersAreNotReadTheMessageIsWrapped() throws Exception {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("cloudEvents_specversion", "1.0");
        headers.put("cloudEvents_id", "e1");
        headers.put("cloudEvents_type", ImageSavedEvent.TYPE);
        headers.put("cloudEvents_source", "/scrapbook/save-image");
        headers.put("cloudEvents_subject", IMAGE);
        headers.put("cloudEvents_traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        Date sent = Date.from(Instant.parse("2026-01-02T03:04:05Z"));
        byte[] data = ("{\"imageId\":\"" + IMAGE + "\"}").getBytes(StandardCharsets.UTF_8);

        CloudEvent event = RabbitmqSourceRules.toCloudEvent(new Delivery(headers, "application/json", "e1", sent, data), SOURCE);

        assertThat(event.getType()).isEqualTo("dev.knative.rabbitmq.event");
        assertThat(event.getSource()).hasToString("/apis/v1/namespaces/local/rabbitmqsources/thumbnail-source#scrapbook.thumbnail");
        assertThat(event.getId()).isEqualTo("e1");
        assertThat(event.getSubject()).as("ConvertToCloudEvent sets the subject to the id").isEqualTo("e1");
        assertThat(event.getTime()).isEqualTo(sent.toInstant().atOffset(java.time.ZoneOffset.UTC));
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getData().toBytes()).isEqualTo(data);
        assertThat(event.getExtensionNames()).as("no header is carried over").isEmpty();
        assertThat(ImageSavedEvent.imageId(event)).as("what thumbnail would find in it").isEmpty();
    }

    /** message.go ConvertToCloudEvent: without a message id the id is a new UUID; no timestamp, no time. */
    @Test
    void aWrappedMessageWithoutIdGetsANewOneAndNoTime() throws Exception {
        CloudEvent event = RabbitmqSourceRules.toCloudEvent(
                new Delivery(Map.of(), null, null, null, "garbage".getBytes(StandardCharsets.UTF_8)), SOURCE);

        assertThat(UUID.fromString(event.getId())).isNotNull();
        assertThat(event.getSubject()).isEqualTo(event.getId());
        assertThat(event.getTime()).isNull();
        assertThat(event.getDataContentType()).isNull();
    }

    /** sdk-go v2/event/eventcontext_v1.go Validate (called by client.Send): a content type that doesn't parse. */
    @Test
    void aWrappedMessageWhoseContentTypeIsNoMediaTypeFailsValidation() {
        assertThatThrownBy(() -> RabbitmqSourceRules.toCloudEvent(
                new Delivery(Map.of(), "not a media type", "m1", null, new byte[] {1}), SOURCE))
                .isInstanceOf(NotConvertible.class);
    }

    /**
     * Structured mode, message.go NewMessage + ReadStructured: format.Lookup(contentType) (binding/format/format.go:
     * cut at ';', lower-cased, trimmed) finds the JSON format, and the body alone is the event. Headers play no
     * part, not even ones that would be invalid extension names in binary mode.
     */
    @Test
    void aStructuredMessageIsTheBodyAloneWhateverItsHeaders() throws Exception {
        CloudEvent sent = ImageSavedEvent.of(UUID.fromString(IMAGE));
        Map<String, Object> headers = Map.of("spring_returned_message_correlation", "42", "ce-type", "overridden?");

        CloudEvent event = RabbitmqSourceRules.toCloudEvent(new Delivery(headers,
                "Application/CloudEvents+JSON; charset=utf-8", "m1", null, new JsonFormat().serialize(sent)), SOURCE);

        assertThat(event.getType()).isEqualTo(ImageSavedEvent.TYPE);
        assertThat(event.getId()).isEqualTo(sent.getId());
        assertThat(event.getSource()).isEqualTo(ImageSavedEvent.SOURCE);
        assertThat(ImageSavedEvent.imageId(event)).contains(UUID.fromString(IMAGE));
        assertThat(event.getExtensionNames()).isEmpty();
    }

    /** binding/format/format.go: the batch format is found by Lookup but its Unmarshal always fails. */
    @Test
    void aBatchIsNotConvertible() {
        assertThatThrownBy(() -> RabbitmqSourceRules.toCloudEvent(
                new Delivery(Map.of(), "application/cloudevents-batch+json", "m1", null, "[]".getBytes()), SOURCE))
                .isInstanceOf(NotConvertible.class).hasMessageContaining("batch");
    }

    /**
     * Binary mode, message.go NewMessageFromDelivery and ReadBinary: header names lower-cased, a leading ce- cut;
     * a header named exactly "traceparent" or "tracestate" (before lower-casing) dropped; x- headers left out;
     * header content-type is the datacontenttype and the AMQP content type property is not looked at; every other
     * header that names no attribute is an extension; source defaults to the source's own URI.
     */
    @Test
    void binaryModeLowerCasesCutsCeAndMakesExtensions() throws Exception {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("CE-SpecVersion", "1.0");
        headers.put("ce-id", "b1");
        headers.put("Ce-Type", ImageSavedEvent.TYPE);
        headers.put("subject", IMAGE);
        headers.put("Content-Type", "application/json");
        headers.put("traceparent", "dropped");
        headers.put("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        headers.put("x-death", List.of("left out"));
        headers.put("ce-partition", 7L);

        CloudEvent event = RabbitmqSourceRules.toCloudEvent(
                new Delivery(headers, "text/plain", "m1", null, "{}".getBytes(StandardCharsets.UTF_8)), SOURCE);

        assertThat(event.getId()).isEqualTo("b1");
        assertThat(event.getType()).isEqualTo(ImageSavedEvent.TYPE);
        assertThat(event.getSubject()).isEqualTo(IMAGE);
        assertThat(event.getSource()).hasToString(SOURCE.uri());
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getExtensionNames()).containsExactlyInAnyOrder("traceparent", "partition");
        assertThat(event.getExtension("traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(event.getExtension("partition")).as("fmt.Sprint of an int64").isEqualTo("7");
    }

    /**
     * sdk-go v2/event/extensions.go validateExtensionName, via ReadBinary's SetExtension: a name with anything but
     * ASCII letters and digits fails the whole conversion, and adapter.go nacks the message without requeue. Spring
     * AMQP's own header, sent with every confirmed publish, is such a name.
     */
    @Test
    void inBinaryModeSpringAmqpsCorrelationHeaderFailsTheConversion() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", "b1");
        headers.put("ce-type", ImageSavedEvent.TYPE);
        headers.put("ce-subject", IMAGE);
        headers.put("spring_returned_message_correlation", "3f1c");

        assertThatThrownBy(() -> RabbitmqSourceRules.toCloudEvent(new Delivery(headers, null, "m1", null, new byte[0]), SOURCE))
                .isInstanceOf(NotConvertible.class)
                .hasMessageContaining("spring_returned_message_correlation");
    }

    /** message.go NewMessage: specs.Version knows only "1.0" and "0.3"; anything else is not binary mode. */
    @Test
    void anUnknownSpecVersionIsNotBinaryModeTheMessageIsWrapped() throws Exception {
        CloudEvent event = RabbitmqSourceRules.toCloudEvent(new Delivery(
                Map.of("ce-specversion", "2.0", "ce-type", ImageSavedEvent.TYPE), null, "m1", null, new byte[0]), SOURCE);

        assertThat(event.getType()).isEqualTo(RabbitmqSourceRules.WRAPPED_TYPE);
    }

    /** sdk-go v2/event/eventcontext_v1.go Validate, called by client/client.go Send: type is required. */
    @Test
    void aBinaryEventWithoutTypeIsNotSent() {
        assertThatThrownBy(() -> RabbitmqSourceRules.toCloudEvent(
                new Delivery(Map.of("ce-specversion", "1.0", "ce-id", "b1"), null, "m1", null, new byte[0]), SOURCE))
                .isInstanceOf(NotConvertible.class);
    }

    /** sdk-go v2/protocol/http/protocol.go defaultRetriableErrors: these seven and nothing else, never a 500. */
    @Test
    void retriesExactlyTheSdksRetriableStatuses() {
        List<Integer> retried = IntStream.range(100, 600).filter(RabbitmqSourceRules::retries).boxed().toList();

        assertThat(retried).containsExactly(404, 413, 425, 429, 502, 503, 504);
    }

    /**
     * sdk-go v2/context/retry.go BackoffFor, called as Backoff(ctx, retry+1) by protocol/http/protocol_retry.go:
     * exponential waits delay*2^n before retry n (twice the delay before the first), linear delay*n.
     */
    @Test
    void backsOffAsTheSdkDoes() {
        Duration delay = RabbitmqSourceRules.backoffDelay("PT0.5S");

        assertThat(IntStream.rangeClosed(1, 5).mapToObj(n -> RabbitmqSourceRules.backoff("exponential", delay, n)).toList())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                        Duration.ofSeconds(16));
        assertThat(RabbitmqSourceRules.backoff("linear", delay, 3)).isEqualTo(Duration.ofMillis(1500));
    }

    /**
     * pkg/adapter/adapter.go postMessage: period.Parse (rickb777/date v1.13.0, ISO-8601 only) with its error
     * ignored, so "1s" is 0, and a non-positive interval panics in time.NewTicker (sdk-go context/retry.go Backoff).
     */
    @Test
    void aBackoffDelayTheAdapterWouldReadAsZeroIsRefused() {
        assertThatThrownBy(() -> RabbitmqSourceRules.backoffDelay("1s")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> RabbitmqSourceRules.backoffDelay("PT0S")).hasMessageContaining("not positive");
        assertThatThrownBy(() -> new DispatcherSettings("q", 5, "exponential", "500ms", 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1))).hasMessageContaining("ISO-8601");
    }

    /** message.go NewMessageFromDelivery: header values are fmt.Sprint'ed. */
    @Test
    void headerValuesPrintAsGoPrintsThem() {
        assertThat(RabbitmqSourceRules.goSprint("text")).isEqualTo("text");
        assertThat(RabbitmqSourceRules.goSprint(42L)).isEqualTo("42");
        assertThat(RabbitmqSourceRules.goSprint(true)).isEqualTo("true");
        assertThat(RabbitmqSourceRules.goSprint("hi".getBytes(StandardCharsets.UTF_8))).isEqualTo("[104 105]");
        assertThat(RabbitmqSourceRules.goSprint(Date.from(Instant.parse("2026-01-02T03:04:05Z"))))
                .isEqualTo("2026-01-02 03:04:05 +0000 UTC");
        assertThat(RabbitmqSourceRules.goSprint(List.of("a", 1))).isEqualTo("[a 1]");
    }
}

package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

import com.sun.net.httpserver.HttpServer;

import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.testing.TestServices;
import io.cloudevents.jackson.JsonFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The local dispatcher on the real RabbitMQ (a queue and dead-letter queue of this test's own, declared as
 * {@link DispatcherConfiguration} declares them) against a recording HTTP target that answers the statuses each
 * test scripts: which answers it retries, how many times, and where each message ends, read from what the target
 * received and from the queues themselves.
 */
class LocalDispatcherTest {

    private static final AtomicInteger QUEUES = new AtomicInteger();
    private static final int RETRY = 3;

    private final CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1");
    private final RabbitAdmin admin = new RabbitAdmin(connections);
    private final RabbitTemplate rabbit = new RabbitTemplate(connections);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String queue = "scrapbook.test." + TestServices.RUN_ID + ".dispatcher." + QUEUES.incrementAndGet();
    private final List<Request> received = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> script = Collections.synchronizedList(new ArrayList<>());
    private HttpServer target;
    private SimpleMessageListenerContainer container;

    record Request(Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    @BeforeEach
    void start() throws IOException {
        admin.declareQueue(QueueBuilder.durable(queue + ".dead").build());
        admin.declareQueue(QueueBuilder.durable(queue).deadLetterExchange("").deadLetterRoutingKey(queue + ".dead").build());
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        target.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                received.add(new Request(Map.copyOf(exchange.getRequestHeaders()), new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            }
            int status = script.size() > 1 ? script.removeFirst() : script.getFirst();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        target.start();
    }

    @AfterEach
    void stop() {
        if (container != null) {
            container.stop();
        }
        target.stop(0);
        admin.deleteQueue(queue);
        admin.deleteQueue(queue + ".dead");
        connections.destroy();
    }

    @Test
    void retriesEveryStatusTheAdapterRetriesUntilA2xxThenAcks() throws Exception {
        script.addAll(List.of(404, 413, 425, 429, 502, 503, 504, 200));
        dispatchTo(uri(), 7);

        rabbit.send(queue, imageSaved());
        await(() -> count("scrapbook.dispatcher.delivered") == 1);

        assertThat(received).hasSize(8);
        assertThat(received.stream().map(r -> r.header("ce-id")).distinct()).as("the same event each time").hasSize(1);
        assertThat(received.getFirst().header("ce-type")).isEqualTo(ImageSavedEvent.TYPE);
        assertThat(count("scrapbook.dispatcher.retries")).isEqualTo(7);
        assertThat(messages(queue)).isZero();
        assertThat(messages(queue + ".dead")).isZero();
    }

    @Test
    void aFiveHundredIsNotRetriedTheMessageIsDeadLettered() throws Exception {
        script.add(500);
        dispatchTo(uri(), RETRY);

        rabbit.send(queue, imageSaved());
        await(() -> messages(queue + ".dead") == 1);

        assertThat(received).hasSize(1);
        assertThat(deadLetters("refused")).isEqualTo(1);
        assertThat(count("scrapbook.dispatcher.retries")).isZero();
    }

    @Test
    void whenTheRetriesAreSpentTheMessageIsDeadLettered() throws Exception {
        script.add(503);
        dispatchTo(uri(), RETRY);

        rabbit.send(queue, imageSaved());
        await(() -> messages(queue + ".dead") == 1);

        assertThat(received).as("the first try and %d retries", RETRY).hasSize(RETRY + 1);
        assertThat(deadLetters("retries-exhausted")).isEqualTo(1);
    }

    @Test
    void anUnreachableFunctionIsRetriedLikeARetriedStatus() throws Exception {
        dispatchTo(URI.create("http://127.0.0.1:" + TestServices.freePort() + "/"), RETRY);

        rabbit.send(queue, imageSaved());
        await(() -> messages(queue + ".dead") == 1);

        assertThat(count("scrapbook.dispatcher.retries")).isEqualTo(RETRY);
        assertThat(deadLetters("retries-exhausted")).isEqualTo(1);
    }

    /** Spring AMQP's correlation header in a binary-mode message: the Go SDK refuses the extension name. */
    @Test
    void aMessageTheAdapterCannotConvertIsDeadLetteredWithoutBeingSent() throws Exception {
        script.add(200);
        dispatchTo(uri(), RETRY);
        MessageProperties binary = new MessageProperties();
        binary.setHeader("ce-specversion", "1.0");
        binary.setHeader("ce-id", "b1");
        binary.setHeader("ce-type", ImageSavedEvent.TYPE);
        binary.setHeader("ce-source", "/scrapbook/save-image");
        binary.setHeader("spring_returned_message_correlation", "1");

        rabbit.send(queue, new Message(new byte[0], binary));
        await(() -> messages(queue + ".dead") == 1);

        assertThat(received).isEmpty();
        assertThat(deadLetters("conversion-failed")).isEqualTo(1);
    }

    @Test
    void aMessageThatIsNoCloudEventIsDeliveredWrapped() throws Exception {
        script.add(200);
        dispatchTo(uri(), RETRY);
        MessageProperties plain = new MessageProperties();
        plain.setMessageId("plain-1");
        plain.setContentType("text/plain");

        rabbit.send(queue, new Message("not a cloud event".getBytes(StandardCharsets.UTF_8), plain));
        await(() -> count("scrapbook.dispatcher.delivered") == 1);

        assertThat(received).hasSize(1);
        Request delivered = received.getFirst();
        assertThat(delivered.header("ce-type")).isEqualTo(RabbitmqSourceRules.WRAPPED_TYPE);
        assertThat(delivered.header("ce-id")).isEqualTo("plain-1");
        assertThat(delivered.header("ce-subject")).isEqualTo("plain-1");
        assertThat(delivered.header("ce-source")).isEqualTo("/apis/v1/namespaces/local/rabbitmqsources/thumbnail-source#" + queue);
        assertThat(delivered.header("Content-Type")).startsWith("text/plain");
        assertThat(delivered.body()).isEqualTo("not a cloud event");
    }

    private void dispatchTo(URI uri, int retry) {
        DispatcherSettings settings = new DispatcherSettings(queue, retry, "exponential", "PT0.005S", 1,
                Duration.ofSeconds(5), Duration.ofHours(1));
        container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(1);
        container.setMessageListener(new LocalDispatcher(settings,
                new RabbitmqSourceRules.Source(DispatcherConfiguration.NAMESPACE, DispatcherConfiguration.SOURCE_NAME, queue),
                uri, meters));
        container.start();
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + target.getAddress().getPort() + "/");
    }

    private static Message imageSaved() {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(JsonFormat.CONTENT_TYPE);
        return new Message(new JsonFormat().serialize(ImageSavedEvent.of(UUID.randomUUID())), properties);
    }

    private long messages(String name) {
        return admin.getQueueInfo(name).getMessageCount();
    }

    private double count(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private double deadLetters(String reason) {
        var counter = meters.find("scrapbook.dispatcher.dead.letters").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Polls until the condition holds; the limit only ends a hang. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 30 s");
            }
            Thread.sleep(20);
        }
    }
}

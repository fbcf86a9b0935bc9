package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import dev.scrapbook.testing.TestServices;

/**
 * The local runtime, every function in one process, started once for all tests of this module (Spring
 * caches the context) against the real PostgreSQL, RabbitMQ and an in-memory S3Proxy, with a queue and
 * exchange of this run's own, removed when the JVM exits.
 */
@SpringBootTest(classes = LocalApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Tests switch the Prometheus registry and tracing off unless asked: the operations tests read both.
@AutoConfigureObservability
abstract class LocalRuntimeTest {

    static final Path PHOTOS = Path.of("..", "target", "photos").toAbsolutePath().normalize();
    static final FixtureServer WEB;
    private static final AtomicInteger VISITORS = new AtomicInteger();
    static final String QUEUE = "scrapbook.test." + TestServices.RUN_ID + ".thumbnail";

    static {
        try {
            WEB = new FixtureServer(PHOTOS);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(LocalRuntimeTest::removeRabbitNames));
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        registry.add("scrapbook.thumbnail.path", () -> InternalEventsPort.PATH);
        registry.add("scrapbook.dispatcher.queue", () -> QUEUE);
        registry.add("scrapbook.dispatcher.backoff-delay", () -> "PT0.1S");
        registry.add("scrapbook.dispatcher.reconcile-every", () -> "1h");
        registry.add("scrapbook.fetch.allowed-hosts", WEB::siteHostPort);
        registry.add("scrapbook.metrics.loopback", () -> "true");
        registry.add("scrapbook.share.own-origin", () -> "true");
        // Every test signs its users up from 127.0.0.1; the sign-up limit itself is SignUpThrottleTest's (gallery).
        registry.add("scrapbook.signup.max-per-address", () -> "100000");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    ApiClient api() {
        return new ApiClient(baseUrl());
    }

    /**
     * A client connecting from a loopback address of its own (127.0.1.x, 127.0.2.x, ...), so that per-address
     * limits such as the share links' guess limit count it apart from every other test.
     */
    ApiClient visitor() {
        int n = VISITORS.incrementAndGet();
        try {
            return api().from(InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + n / 250), (byte) (1 + n % 250)}));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The real photographs fetched by scripts/fetch-photos.sh (test.sh runs it). */
    static List<Path> photos() throws IOException {
        if (!Files.isDirectory(PHOTOS)) {
            throw new AssertionError("no sample photographs in " + PHOTOS + ": run scripts/fetch-photos.sh target/photos");
        }
        try (Stream<Path> files = Files.list(PHOTOS)) {
            return files.filter(p -> p.toString().toLowerCase().matches(".*\\.jpe?g")).sorted().toList();
        }
    }

    /** Polls the image until it leaves pending, as the gallery page does. */
    static JsonNode awaitSettled(ApiClient user, String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode image = user.get("/api/images/" + id).body();
            if (!"pending".equals(image.path("status").asText())) {
                return image;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("image " + id + " still pending after " + timeout);
    }

    /** Makes {@code other} a friend of {@code ann} (each asks the other), and returns {@code other}. */
    static ApiClient befriend(ApiClient ann, ApiClient other) {
        ann.post("/api/friends/requests", Map.of("username", other.username()));
        other.post("/api/friends/requests", Map.of("username", ann.username()));
        assertThat(usernames(ann.get("/api/friends").body().path("friends"))).contains(other.username());
        return other;
    }

    static List<String> usernames(JsonNode people) {
        return StreamSupport.stream(people.spliterator(), false).map(p -> p.path("username").asText()).toList();
    }

    private static void removeRabbitNames() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDelete(QUEUE);
            channel.queueDelete(QUEUE + ".dead");
            channel.exchangeDelete(TestServices.EXCHANGE);
        } catch (Exception e) {
            System.err.println("could not remove this run's RabbitMQ names: " + e);
        }
    }
}

package dev.scrapbook.startup;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageSettings;

/**
 * Does the one-off work of a function's first request while the context starts, so that the first request after a
 * cold start finds it done: the pool's first PostgreSQL connection, the S3 client and its request signing, Jackson's
 * first serialization. Each runs on its own thread from the moment the context's beans are ready, beside the web
 * server's start on the main thread (the DispatcherServlet itself is made at start by
 * {@code spring.mvc.servlet.load-on-startup}). Runners run before Spring Boot reports the application ready, and
 * Knative routes requests only once the readiness probe says so: waiting for the warm-up here means the activator
 * hands over a function that answers at once. A warm-up that fails (the database is down) is logged and skipped: the
 * function starts as it would without it, and its requests fail or succeed as they would have.
 */
@Component
class StartupWarmup implements SmartLifecycle, ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StartupWarmup.class);
    /** Longer than the pool's connection timeout (3 s): a warm-up never holds readiness back for longer. */
    private static final Duration LIMIT = Duration.ofSeconds(5);

    private final ObjectProvider<DataSource> dataSource;
    private final ObjectProvider<ObjectStore> objectStore;
    private final ObjectProvider<StorageSettings> storage;
    private final ObjectProvider<ObjectMapper> json;
    private volatile List<CompletableFuture<Void>> running = List.of();

    StartupWarmup(ObjectProvider<DataSource> dataSource, ObjectProvider<ObjectStore> objectStore,
            ObjectProvider<StorageSettings> storage, ObjectProvider<ObjectMapper> json) {
        this.dataSource = dataSource;
        this.objectStore = objectStore;
        this.storage = storage;
        this.json = json;
    }

    /** Before every other lifecycle, the web server's included: the warm-up overlaps its start. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE;
    }

    @Override
    public void start() {
        running = List.of(
                warm("database connection", () -> dataSource.ifAvailable(StartupWarmup::connect)),
                warm("S3 client", () -> objectStore.ifAvailable(store -> storage.ifAvailable(settings ->
                        store.presignedGet(settings.originalsBucket(), "warm-up", Duration.ofMinutes(1))))),
                warm("JSON", () -> json.ifAvailable(StartupWarmup::serialize)));
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.info("start-up warm-up not finished, ready without it: {}", e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static CompletableFuture<Void> warm(String what, Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().name("warm-up " + what).daemon().start(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.info("start-up warm-up of the {} skipped: {}", what, e.toString());
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    /** The pool keeps the connection (minimum-idle 0 closes it only after the idle timeout, minutes later). */
    private static void connect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            connection.isValid(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void serialize(ObjectMapper json) {
        try {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "warm-up");
            json.writeValueAsBytes(Map.of("problem", problem, "items", List.of(Map.of("id", 1))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // Nothing to stop: the warm-up threads end by themselves.
    }

    @Override
    public boolean isRunning() {
        return !running.isEmpty();
    }
}

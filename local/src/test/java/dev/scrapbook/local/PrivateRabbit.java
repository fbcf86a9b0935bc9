package dev.scrapbook.local;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.scrapbook.testing.TestServices;

/**
 * A second RabbitMQ node of the test's own (its own name, ports and folders; the machine's Erlang cookie),
 * so a fault test can restart the broker without touching the shared one on 5672.
 */
final class PrivateRabbit implements AutoCloseable {

    final int port = TestServices.freePort();
    private final String node = "rabbit-test-" + TestServices.RUN_ID + "@localhost";
    private final Path dir;
    private final Process server;

    PrivateRabbit() throws Exception {
        dir = Files.createTempDirectory("scrapbook-rabbit-");
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.1 = 127.0.0.1:" + port + "\n");
        PrivatePostgres.run(List.of("chown", "-R", "rabbitmq", dir.toString()));
        ProcessBuilder builder = new ProcessBuilder("rabbitmq-server").redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.out").toFile());
        builder.environment().putAll(java.util.Map.of(
                "RABBITMQ_NODENAME", node,
                "RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString(),
                "RABBITMQ_DIST_PORT", String.valueOf(TestServices.freePort()),
                "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(),
                "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
                "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()));
        server = builder.start();
        awaitPort(Duration.ofSeconds(90));
    }

    String amqpUrl() {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }

    /** Stops the broker application (every connection is cut, the node stays up) and starts it again. */
    void stopApp() throws Exception {
        ctl("stop_app");
    }

    void startApp() throws Exception {
        ctl("start_app");
        awaitPort(Duration.ofSeconds(60));
    }

    @Override
    public void close() throws Exception {
        try {
            ctl("stop");
            server.waitFor();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void ctl(String command) throws Exception {
        PrivatePostgres.run(List.of("rabbitmqctl", "-n", node, command));
    }

    private void awaitPort(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("rabbitmq-server exited: " + Files.readString(dir.resolve("server.out")));
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("RabbitMQ node " + node + " did not listen on " + port);
    }
}

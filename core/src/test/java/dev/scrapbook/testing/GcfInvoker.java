package dev.scrapbook.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Cloud Functions deployable ({@code target/deploy/*-gcf.jar}) run by Google's Functions Framework invoker
 * (java-function-invoker, copied to {@code target/gcf-invoker/} by the module's build) in a JVM of its own, on a
 * loopback port, exactly as Cloud Functions starts it: {@code --target} the GCP adapter's launcher,
 * {@code --classpath} the jar. Settings go in as environment variables, as {@code gcloud --env-vars-file} puts them.
 * The invoker has no option for the address: it listens on every interface (functions-framework-java
 * java-function-invoker-v1.4.1, Invoker#startServer); tests send to 127.0.0.1 only.
 */
public final class GcfInvoker implements AutoCloseable {

    public static final String ENTRY_POINT = "org.springframework.cloud.function.adapter.gcp.GcfJarLauncher";
    /** A guard against a hang, not a measure: on 2 busy cores five such JVMs starting at once took over 3 minutes. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    private final Process process;
    private final URI uri;
    private final Path log;

    private GcfInvoker(Process process, URI uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /**
     * Starts the deployable found in {@code moduleTarget/deploy} and returns without waiting: start several, then
     * {@link #awaitListening()} each, so that their Spring contexts start side by side.
     */
    public static GcfInvoker start(Path invokerJar, Path moduleTarget, Map<String, String> env, Path log) throws IOException {
        int port = TestServices.freePort();
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Test start-up only (C1 and the serial collector start a small JVM fastest); behaviour is the same.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", invokerJar.toString(),
                "--target", ENTRY_POINT, "--classpath", deployable(moduleTarget).toString(), "--port", String.valueOf(port));
        command.environment().putAll(env);
        Files.createDirectories(log.getParent());
        command.redirectErrorStream(true).redirectOutput(log.toFile());
        return new GcfInvoker(command.start(), URI.create("http://127.0.0.1:" + port + "/"), log);
    }

    /** The function's URL: the invoker serves it on every path. */
    public URI uri() {
        return uri;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /**
     * Returns once the invoker's port accepts a connection, which it opens after the Spring context inside the
     * deployable started. Only a connection: any HTTP request would call the function.
     */
    public GcfInvoker awaitListening() throws InterruptedException {
        awaitListening(process, uri, log);
        return this;
    }

    /** Waits for a process of ours to accept connections on the port of {@code uri}; fails if it exits or hangs. */
    public static void awaitListening(Process process, URI uri, Path log) throws InterruptedException {
        Instant giveUp = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the process exited; see " + log);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("nothing listened on " + uri + " within " + START_TIMEOUT + "; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private static Path deployable(Path moduleTarget) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(moduleTarget.resolve("deploy"), "*-gcf.jar")) {
            found.forEach(jars::add);
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one Cloud Functions deployable in " + moduleTarget.resolve("deploy") + ": " + jars);
        }
        return jars.getFirst();
    }
}

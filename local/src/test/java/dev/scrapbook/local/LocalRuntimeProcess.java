package dev.scrapbook.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The local runtime started as the README says ({@code ./deploy.sh local}), as a child process that a test may kill. */
final class LocalRuntimeProcess implements AutoCloseable {

    private final Map<String, String> env;
    private final Path log;
    private final String base;
    private Process process;

    LocalRuntimeProcess(Map<String, String> env, Path log) {
        this.env = env;
        this.log = log;
        this.base = "http://127.0.0.1:" + env.get("SCRAPBOOK_PORT");
    }

    String base() {
        return base;
    }

    LocalRuntimeProcess start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("../deploy.sh", "local").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("SCRAPBOOK_SKIP_BUILD", "1");
        process = builder.start();
        awaitHealth();
        return this;
    }

    /** SIGKILL: no shutdown hook, no graceful stop, in-flight work simply ends (deploy.sh execs java). */
    void killNine() throws Exception {
        new ProcessBuilder("kill", "-9", String.valueOf(process.pid())).start().waitFor();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the local runtime survived kill -9");
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void awaitHealth() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("deploy.sh local exited: " + log());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("no /health within 120 s: " + log());
    }
}

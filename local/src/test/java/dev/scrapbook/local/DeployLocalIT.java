package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.testing.TestServices;

/**
 * The README's run command, exactly: {@code ./deploy.sh local} on the packaged jar, with its own port,
 * data folder, database and queue, logging JSON as in a cluster. It must serve the page, save and thumbnail an
 * image (their log lines sharing one trace id), stop cleanly on Ctrl-C (SIGINT) and find everything again after a restart.
 */
class DeployLocalIT {

    private static final String DATABASE = "scrapbook_it_" + TestServices.RUN_ID;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    /** Every runtime this test started, so that a failed assertion never leaves one running after the test. */
    private static final List<Process> started = new ArrayList<>();

    @Test
    void runsStopsOnCtrlCAndKeepsDataAcrossARestart() throws Exception {
        int port = TestServices.freePort();
        Map<String, String> env = Map.of(
                "SCRAPBOOK_PORT", String.valueOf(port),
                "SCRAPBOOK_S3_PORT", String.valueOf(TestServices.freePort()),
                "SCRAPBOOK_DATA_DIR", dataDir.toString(),
                "SCRAPBOOK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE,
                "SCRAPBOOK_EVENTS_EXCHANGE", "scrapbook.it." + TestServices.RUN_ID,
                "SCRAPBOOK_DISPATCHER_QUEUE", "scrapbook.it." + TestServices.RUN_ID + ".thumbnail",
                "SCRAPBOOK_SKIP_BUILD", "1",
                // As a cluster runs it: one JSON object per log line.
                "SCRAPBOOK_LOG_FORMAT", "ecs");
        String base = "http://127.0.0.1:" + port;

        Process first = start(env);
        long launched = System.nanoTime();
        awaitPage(base, first);
        System.out.printf("deploy.sh local: first page after %d ms%n", (System.nanoTime() - launched) / 1_000_000);

        ApiClient user = signUp(base);
        String id = user.upload("/api/save", SaveAndThumbnailEndToEndTest.png(64, 48), "image/png").body().path("id").asText();
        assertThat(LocalRuntimeTest.awaitSettled(user, id, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("ready");
        assertThat(traceIdOfJsonLine("image " + id + " thumbnails made"))
                .as("the thumbnail continues the save's trace").isEqualTo(traceIdOfJsonLine("image " + id + " saved"));
        stopWithCtrlC(first);

        Process second = start(env);
        awaitPage(base, second);
        assertThat(user.get("/api/account/me").status()).as("a session from before the restart still works").isEqualTo(200);
        ApiClient again = new ApiClient(base).as(logIn(base));
        JsonNode image = again.get("/api/images/" + id).body();
        assertThat(image.path("status").asText()).isEqualTo("ready");
        assertThat(again.download(image.path("thumbnailUrl").asText())).isNotEmpty();
        stopWithCtrlC(second);
    }

    private static final String USERNAME = "deploy" + TestServices.RUN_ID;

    private static ApiClient signUp(String base) {
        ApiClient anonymous = new ApiClient(base);
        assertThat(anonymous.post("/api/account/signup", Map.of("username", USERNAME, "password", "a long password")).status())
                .isEqualTo(201);
        return anonymous.as(logIn(base));
    }

    private static String logIn(String base) {
        return new ApiClient(base).post("/api/account/login", Map.of("username", USERNAME, "password", "a long password"))
                .body().path("token").asText();
    }

    private static Process start(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("../deploy.sh", "local")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("deploy.log").toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static void awaitPage(String base, Process process) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // A hang detector, not a speed check: on a loaded 2-core machine the first start alone took 94 s.
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("deploy.sh local exited: " + log()).isTrue();
            try {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() == 200 && page.body().contains("<html")) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("no page within 240 s: " + log());
    }

    /**
     * deploy.sh execs java, so the process is the JVM itself: SIGINT is what Ctrl-C sends it. A test run started in
     * the background by a non-interactive shell (nohup, {@code cmd &}) hands its children SIGINT ignored, and the JVM
     * keeps an ignored SIGINT ignored; no Ctrl-C can reach such a process, so it gets SIGTERM (what Knative and
     * systemd send), which runs the same shutdown.
     */
    private static void stopWithCtrlC(Process process) throws Exception {
        String signal = ignoresSigint(process.pid()) ? "-TERM" : "-INT";
        new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start().waitFor();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        assertThat(log()).doesNotContain("Exception in thread");
    }

    /** Whether the process ignores SIGINT (signal 2: bit 1 of the SigIgn mask in /proc/PID/status). */
    private static boolean ignoresSigint(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .anyMatch(line -> (Long.parseLong(line.substring(7).trim(), 16) & 2) != 0);
    }

    /** The log line with {@code message} must be one JSON object; returns the trace id it carries. */
    private static String traceIdOfJsonLine(String message) throws IOException {
        String line = log().lines().filter(l -> l.contains(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no log line with '" + message + "': " + log()));
        JsonNode record = JSON.readTree(line);
        assertThat(record.path("message").asText()).as(line).contains(message);
        assertThat(record.path("traceId").asText()).as("trace id in " + line).matches("[0-9a-f]{32}");
        return record.path("traceId").asText();
    }

    private static String log() {
        try {
            return Files.readString(dataDir.resolve("deploy.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @AfterAll
    static void removeDatabaseAndQueues() throws Exception {
        for (Process process : started) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (var admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            admin.createStatement().execute("drop database if exists " + DATABASE + " with (force)");
        }
        var factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            channel.queueDelete("scrapbook.it." + TestServices.RUN_ID + ".thumbnail");
            channel.queueDelete("scrapbook.it." + TestServices.RUN_ID + ".thumbnail.dead");
            channel.exchangeDelete("scrapbook.it." + TestServices.RUN_ID);
        }
    }
}

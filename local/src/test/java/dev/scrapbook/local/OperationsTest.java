package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.scrapbook.local.ApiClient.Answer;

/**
 * What an operator relies on, in the running local runtime: the probes Knative calls, the Prometheus scrape
 * after a real save and thumbnail, and one trace from the save request through RabbitMQ into the thumbnail.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest extends LocalRuntimeTest {

    private static final Pattern TRACE_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");

    @Test
    void livenessAndReadinessProbesAreUpAndNothingElseOfTheActuatorIsExposed() {
        ApiClient anonymous = api();
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            Answer answer = anonymous.get(probe);
            assertThat(answer.status()).as(probe).isEqualTo(200);
            assertThat(answer.body().path("status").asText()).isEqualTo("UP");
            assertThat(answer.body().has("components")).as("no details for anonymous callers").isFalse();
        }
        assertThat(anonymous.get("/actuator/env").status()).isEqualTo(404);
        assertThat(anonymous.get("/actuator/beans").status()).isEqualTo(404);
        assertThat(anonymous.get("/health").body().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void aSaveAndItsThumbnailAreCountedAndTimed() throws Exception {
        String before = Prometheus.scrape(baseUrl());
        ApiClient user = api().newUser();
        String id = user.upload("/api/save", Files.readAllBytes(photos().get(2)), "image/jpeg").body().path("id").asText();
        assertThat(awaitSettled(user, id, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("ready");

        String after = Prometheus.scrape(baseUrl());
        String saves = "scrapbook_saves_seconds_count";
        assertThat(Prometheus.value(after, saves, "outcome=\"created\"", "source=\"upload\""))
                .isGreaterThanOrEqualTo(Prometheus.value(before, saves, "outcome=\"created\"", "source=\"upload\"") + 1);
        String thumbnails = "scrapbook_thumbnails_seconds_count";
        assertThat(Prometheus.value(after, thumbnails, "outcome=\"made\""))
                .isGreaterThanOrEqualTo(Prometheus.value(before, thumbnails, "outcome=\"made\"") + 1);
        assertThat(Prometheus.value(after, "scrapbook_thumbnails_seconds_sum", "outcome=\"made\"")).isPositive();
        assertThat(Prometheus.value(after, "scrapbook_dispatcher_delivered_total"))
                .isGreaterThanOrEqualTo(Prometheus.value(before, "scrapbook_dispatcher_delivered_total") + 1);
        assertThat(after).as("every series names its function").contains("scrapbook_saves_seconds_count{function=\"");
    }

    /** The save's log line and the thumbnail's carry the same trace id: the event took the trace context along. */
    @Test
    void oneSaveAndItsThumbnailShareATraceId(CapturedOutput output) throws Exception {
        ApiClient user = api().newUser();
        String id = user.upload("/api/save", Files.readAllBytes(photos().get(3)), "image/jpeg").body().path("id").asText();
        assertThat(awaitSettled(user, id, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("ready");

        String saveTrace = traceIdOfLine(output, "image " + id + " saved").orElseThrow(
                () -> new AssertionError("no save log line with a trace id:\n" + output));
        String thumbnailTrace = traceIdOfLine(output, "image " + id + " thumbnails made").orElseThrow(
                () -> new AssertionError("no thumbnail log line with a trace id:\n" + output));
        assertThat(thumbnailTrace).isEqualTo(saveTrace);
    }

    private static Optional<String> traceIdOfLine(CapturedOutput output, String message) {
        return output.getOut().lines().filter(line -> line.contains(message)).findFirst().flatMap(line -> {
            Matcher trace = TRACE_ID.matcher(line);
            return trace.find() ? Optional.of(trace.group()) : Optional.empty();
        });
    }
}

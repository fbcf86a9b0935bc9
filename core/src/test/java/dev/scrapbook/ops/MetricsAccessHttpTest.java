package dev.scrapbook.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.amqp.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The metrics guard over real HTTP, on Tomcat and Spring MVC's real routing: every spelling of a path that
 * routing takes to an actuator endpoint is guarded, whatever the raw request line looks like (percent-encoded,
 * with path parameters, doubled or trailing slashes, another case). The health probes stay open.
 */
@SpringBootTest(classes = MetricsAccessHttpTest.OperationsOnly.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "scrapbook.metrics.token=" + MetricsAccessHttpTest.TOKEN)
@AutoConfigureObservability(tracing = false)
class MetricsAccessHttpTest {

    static final String TOKEN = "metrics-token-for-this-test";

    /** Just the web layer, the actuator and the guard: no database or broker to reach. */
    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
            RabbitAutoConfiguration.class})
    @Import(MetricsAccess.class)
    static class OperationsOnly {
    }

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/prometheus", "/actuator/%70rometheus", "/%61ctuator/prometheus",
            "/actuator/%70%72%6f%6d%65%74%68%65%75%73", "/actuator;x=1/prometheus", "/actuator/prometheus;x=1",
            "/actuator;/prometheus", "//actuator/prometheus", "/actuator//prometheus", "/actuator/prometheus/",
            "/actuator/./prometheus", "/actuator/health/../prometheus", "/actuator/health/%2e%2e/prometheus",
            "/Actuator/Prometheus", "/ACTUATOR/PROMETHEUS", "/actuator/PROMETHEUS", "/actuator", "/actuator/",
            "/actuator/metrics", "/actuator/env"})
    void noSpellingOfAnActuatorPathGetsPastTheGuard(String path) throws IOException {
        String answer = get(path, null);
        assertThat(status(answer)).as(answer).isNotEqualTo(200);
        assertThat(answer).as("no metric in the answer").doesNotContain("# TYPE").doesNotContain("jvm_");
    }

    /** The spellings above do reach the metrics when the token comes along: they are real routes, not 404s. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/prometheus", "/actuator/%70rometheus", "/actuator;x=1/prometheus",
            "/actuator/prometheus;x=1"})
    void theSameSpellingsServeMetricsToTheTokenHolder(String path) throws IOException {
        String answer = get(path, "Bearer " + TOKEN);
        assertThat(status(answer)).as(answer).isEqualTo(200);
        assertThat(answer).contains("# TYPE");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health"})
    void theProbesNeedNoToken(String path) throws IOException {
        String answer = get(path, null);
        assertThat(status(answer)).as(answer).isEqualTo(200);
        assertThat(answer).contains("\"status\":\"UP\"");
    }

    /** The request line exactly as written: an HTTP client would normalise some of these paths itself. */
    private String get(String path, String authorization) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }
}

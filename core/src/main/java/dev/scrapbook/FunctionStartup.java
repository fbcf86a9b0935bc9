package dev.scrapbook;

import java.util.List;

import org.springframework.context.ApplicationListener;

import dev.scrapbook.startup.StartupPhases;

/**
 * What a function's start-up leaves out. Every instance of a scale-to-zero service starts cold, so each
 * auto-configuration it does not use is start-up time and CPU paid on a user's request. Only functions
 * apply these; the local runtime keeps Boot's defaults.
 */
public final class FunctionStartup {

    /**
     * No function makes outbound calls through Spring's HTTP clients, serves WebSockets, schedules or runs SQL
     * scripts. Jackson writes all JSON: Gson is on the build's classpath only through the Cloud Functions adapter,
     * which its own deployable brings, so Spring AOT must not plan a Gson bean the image has no class for.
     * Tomcat's metrics count servlet sessions, which no function has (tokens, not sessions); binding them made the
     * JVM's platform MBean server on every cold start.
     */
    static final List<String> UNUSED_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration",
            "org.springframework.boot.autoconfigure.http.client.HttpClientAutoConfiguration",
            "org.springframework.boot.autoconfigure.http.client.reactive.ClientHttpConnectorAutoConfiguration",
            "org.springframework.boot.autoconfigure.reactor.ReactorAutoConfiguration",
            "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration",
            "org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration",
            "org.springframework.boot.autoconfigure.gson.GsonAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.web.tomcat.TomcatMetricsAutoConfiguration");

    private FunctionStartup() {
    }

    /** Listeners for a function's {@code SpringApplicationBuilder}: the start-up phases bench/cold-start reads. */
    public static ApplicationListener<?>[] listeners() {
        return new ApplicationListener<?>[] {new StartupPhases()};
    }

    /** Default properties for a function's {@code SpringApplicationBuilder}. */
    public static String[] properties(String functionName) {
        return new String[] {
            "spring.application.name=" + functionName,
            "spring.autoconfigure.exclude=" + String.join(",", UNUSED_AUTO_CONFIGURATIONS)
        };
    }
}

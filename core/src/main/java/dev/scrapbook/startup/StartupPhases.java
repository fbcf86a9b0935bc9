package dev.scrapbook.startup;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Marks where a cold start spends its time: the wall clock (epoch ms) and the CPU the process has used so far
 * (ms, user + system) when {@code main} runs (the JVM has booted), when the context is about to be refreshed, when
 * the web server listens and when the function reports ready. One line at ready, read by bench/cold-start:
 * {@code startup phases: main=<epoch ms>/<cpu ms> prepared=... web=... ready=...}. Reading /proc/self/stat
 * four times costs nothing measurable; the logging system is not up at {@code main}, so marks are kept until ready.
 */
public final class StartupPhases implements ApplicationListener<ApplicationEvent> {

    private final Map<String, String> marks = new LinkedHashMap<>();

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        switch (event) {
            case ApplicationStartingEvent starting -> mark("main");
            case ApplicationPreparedEvent prepared -> mark("prepared");
            case WebServerInitializedEvent web -> mark("web");
            case ApplicationReadyEvent ready -> {
                mark("ready");
                StringJoiner line = new StringJoiner(" ", "startup phases: ", "");
                marks.forEach((phase, mark) -> line.add(phase + "=" + mark));
                LoggerFactory.getLogger(StartupPhases.class).info("{}", line);
            }
            default -> {
            }
        }
    }

    private void mark(String phase) {
        long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        marks.putIfAbsent(phase, System.currentTimeMillis() + "/" + cpuMillis);
    }
}

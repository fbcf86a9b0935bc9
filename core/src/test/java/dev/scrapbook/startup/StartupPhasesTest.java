package dev.scrapbook.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.support.GenericApplicationContext;

/** The line bench/cold-start reads: every phase with its epoch millisecond and the process's CPU milliseconds. */
@ExtendWith(OutputCaptureExtension.class)
class StartupPhasesTest {

    @Test
    void logsEachPhaseWithWallClockAndCpuAtReady(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Object.class);
        GenericApplicationContext context = new GenericApplicationContext();
        StartupPhases phases = new StartupPhases();
        long before = System.currentTimeMillis();

        phases.onApplicationEvent(new ApplicationStartingEvent(new DefaultBootstrapContext(), application, new String[0]));
        phases.onApplicationEvent(new ApplicationPreparedEvent(application, new String[0], context));
        phases.onApplicationEvent(new ApplicationReadyEvent(application, new String[0], context, Duration.ZERO));

        String line = output.getOut().lines().filter(l -> l.contains("startup phases: ")).findFirst().orElseThrow();
        String marks = line.substring(line.indexOf("startup phases: ") + "startup phases: ".length());
        assertThat(marks).matches("main=\\d+/\\d+ prepared=\\d+/\\d+ ready=\\d+/\\d+");
        long mainAt = Long.parseLong(marks.substring("main=".length(), marks.indexOf('/')));
        assertThat(mainAt).isBetween(before, System.currentTimeMillis());
    }
}

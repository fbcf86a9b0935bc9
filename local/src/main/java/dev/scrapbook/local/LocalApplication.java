package dev.scrapbook.local;

import java.nio.file.Path;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Every function in one process on one port, for one machine: save-image, thumbnail, share and gallery
 * share a Spring context; an embedded S3 server stands in for MinIO unless SCRAPBOOK_S3_ENDPOINT is set;
 * {@link LocalDispatcher} plays the Knative RabbitmqSource. Run by {@code ./deploy.sh local}.
 */
@SpringBootApplication(scanBasePackages = "dev.scrapbook")
@EnableScheduling
public class LocalApplication {

    private static final Logger log = LoggerFactory.getLogger(LocalApplication.class);

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(System.getenv().getOrDefault("SCRAPBOOK_DATA_DIR", ".scrapbook"));
        Map<String, Object> defaults = LocalSetup.prepare(dataDir, System.getenv());
        new SpringApplicationBuilder(LocalApplication.class)
                .properties(defaults)
                .properties("spring.application.name=scrapbook-local",
                        "scrapbook.thumbnail.path=" + InternalEventsPort.PATH,
                        "scrapbook.s3.create-buckets=true",
                        // Only this machine reaches the loopback-bound process: its metrics need no token.
                        "scrapbook.metrics.loopback=true",
                        // Share links point at this process's own address and port unless SCRAPBOOK_SHARE_PUBLIC_URL says otherwise.
                        "scrapbook.share.own-origin=true")
                .run(args);
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        log.info("Image Scrapbook is running: open http://{}:{}/ and sign up (Ctrl-C stops it; data stays in {})",
                env.getProperty("server.address"), env.getProperty("local.server.port"),
                env.getProperty("scrapbook.local.data-dir"));
    }
}

package dev.scrapbook.save;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The run-once mode a cluster schedules (knative/base/app/reconcile.yaml): with {@code SCRAPBOOK_RECONCILE_ONCE=true}
 * the process runs the {@code reconcile} function once and exits, 0 when it worked and 1 when it failed, so the
 * Job's status tells. Chosen over an HTTP route on save-image: there is no endpoint to guard, and nothing stays
 * up between runs.
 */
@Component
@ConditionalOnProperty("scrapbook.reconcile.once")
class ReconcileOnce implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReconcileOnce.class);

    private final Supplier<Integer> reconcile;
    private final ConfigurableApplicationContext context;

    @Autowired
    ReconcileOnce(EventReconciler reconcile, ConfigurableApplicationContext context) {
        this((Supplier<Integer>) reconcile, context);
    }

    ReconcileOnce(Supplier<Integer> reconcile, ConfigurableApplicationContext context) {
        this.reconcile = reconcile;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        int status = runOnce();
        // The RabbitMQ connection's threads would keep the JVM alive: close everything, then leave.
        System.exit(SpringApplication.exit(context, () -> status));
    }

    /** The exit status: 0 after a pass, 1 when it failed (the Job retries, then shows it failed). */
    int runOnce() {
        try {
            log.info("reconcile: {} image-saved events published again", reconcile.get());
            return 0;
        } catch (RuntimeException e) {
            log.error("reconcile failed", e);
            return 1;
        }
    }
}

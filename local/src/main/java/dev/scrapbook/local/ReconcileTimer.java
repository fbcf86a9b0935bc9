package dev.scrapbook.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.scrapbook.save.EventReconciler;

/** On one machine the outbox relay runs on a timer; in a cluster a schedule calls the same function. */
@Component
class ReconcileTimer {

    private static final Logger log = LoggerFactory.getLogger(ReconcileTimer.class);

    private final EventReconciler reconcile;

    ReconcileTimer(EventReconciler reconcile) {
        this.reconcile = reconcile;
    }

    @Scheduled(initialDelayString = "${scrapbook.dispatcher.reconcile-every:30s}",
            fixedDelayString = "${scrapbook.dispatcher.reconcile-every:30s}")
    void reconcile() {
        try {
            reconcile.get();
        } catch (RuntimeException e) {
            log.warn("reconcile pass failed, next one will try again: {}", e.toString());
        }
    }
}

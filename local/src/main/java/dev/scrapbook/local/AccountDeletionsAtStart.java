package dev.scrapbook.local;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.scrapbook.accounts.AccountDeletions;

/**
 * On one machine every function is this process, so at start no account deletion can still be running: any that is
 * recorded and unfinished was interrupted (kill -9, power cut) and is finished now, without waiting for the
 * reconcile timer's grace. In the background, so that the page answers meanwhile; the accounts are closed already.
 */
@Component
class AccountDeletionsAtStart {

    private static final Logger log = LoggerFactory.getLogger(AccountDeletionsAtStart.class);

    private final AccountDeletions deletions;

    AccountDeletionsAtStart(AccountDeletions deletions) {
        this.deletions = deletions;
    }

    @EventListener(ApplicationReadyEvent.class)
    void finishInterrupted() {
        Thread.ofVirtual().name("account-deletions-at-start").start(() -> {
            try {
                deletions.finishInterrupted(Duration.ZERO);
            } catch (RuntimeException e) {
                log.warn("interrupted account deletions not finished at start, the reconcile pass tries again: {}", e.toString());
            }
        });
    }
}

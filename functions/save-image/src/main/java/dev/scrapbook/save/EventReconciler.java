package dev.scrapbook.save;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.scrapbook.accounts.AccountDeletions;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.ImageRepository;

/**
 * The outbox relay: publishes the image-saved event again for pending images whose event RabbitMQ never
 * confirmed (broker down at save time) or whose thumbnail never came (message dead-lettered while S3 was
 * down). The thumbnail function is idempotent, so an extra event costs one skipped delivery. Each pass also
 * finishes account deletions that were interrupted ({@link AccountDeletions}: a kill -9 or an outage midway), deletes
 * originals whose save was cut off before its row ({@link AbandonedOriginals}) and gives a batch of images saved before picture hashes existed their hash ({@link HashBackfill}).
 * A Spring Cloud Function ({@code reconcile}): the local runtime calls it on a timer, a cluster on a schedule.
 */
@Component("reconcile")
public class EventReconciler implements Supplier<Integer> {

    private static final Logger log = LoggerFactory.getLogger(EventReconciler.class);
    private static final int BATCH = 500;

    private final ImageRepository images;
    private final ImageSaver saver;
    private final Clock clock;
    private final ReconcileSettings settings;
    private final HashBackfill hashBackfill;
    private final AccountDeletions deletions;
    private final AbandonedOriginals abandoned;

    EventReconciler(ImageRepository images, ImageSaver saver, Clock clock, ReconcileSettings settings,
            HashBackfill hashBackfill, AccountDeletions deletions, AbandonedOriginals abandoned) {
        this.images = images;
        this.saver = saver;
        this.clock = clock;
        this.settings = settings;
        this.hashBackfill = hashBackfill;
        this.deletions = deletions;
        this.abandoned = abandoned;
    }

    /** How many events were published again. */
    @Override
    public Integer get() {
        Instant now = clock.instant();
        int count = 0;
        for (Image image : images.needingEvent(now.minus(settings.unconfirmedGrace()), now.minus(settings.stuckAfter()), BATCH)) {
            saver.announce(image.id());
            count++;
        }
        if (count > 0) {
            log.info("published {} image-saved events again", count);
        }
        deletions.finishInterrupted();
        abandoned.clear();
        hashBackfill.run();
        return count;
    }
}

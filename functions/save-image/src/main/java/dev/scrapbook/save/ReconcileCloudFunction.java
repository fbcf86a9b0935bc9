package dev.scrapbook.save;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

import dev.scrapbook.accounts.AccountDeletions;
import dev.scrapbook.gcf.GcfMessages;
import dev.scrapbook.gcf.GcfTraceContext;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.storage.StorageUnavailableException;

/**
 * The reconcile pass as Google Cloud Functions needs it ({@code reconcileCloudFunction}, the deployable's default
 * {@code function.name}, called by Cloud Scheduler). There thumbnail is woken by the originals bucket itself: an
 * Eventarc trigger on Cloud Storage's object-finalized event, so the write of an original is its image-saved
 * event, and a RabbitMQ re-publish ({@link EventReconciler}) would wake nothing. So an image still pending
 * {@code stuckAfter} after its save (its event expired in Eventarc's retries, or came while thumbnail was down)
 * has its original written again, same bytes, same key: Cloud Storage finalizes a new generation of the object
 * and Eventarc delivers the trigger's event once more. Thumbnail is idempotent, so a rewrite too many costs one
 * skipped call. The bytes pass through here (a get and a put) rather than a server-side copy onto itself, which
 * S3 allows only with the metadata replaced; it is a rare path, and the store keeps its few words. Interrupted
 * account deletions are finished here too ({@link AccountDeletions}), and originals of saves cut off before their
 * row deleted ({@link AbandonedOriginals}), as in every reconcile pass.
 */
@Component("reconcileCloudFunction")
class ReconcileCloudFunction implements Function<Message<?>, Message<Object>> {

    private static final Logger log = LoggerFactory.getLogger(ReconcileCloudFunction.class);
    private static final int BATCH = 100;

    /** How many originals were written again, and how many could not be (the next pass tries them again). */
    private record Reannounced(int rewritten, int failed) {
    }

    /** The answer: the originals, and how many interrupted account deletions were finished. */
    record Reconciled(int rewritten, int failed, int accountDeletionsFinished) {
    }

    private final ImageRepository images;
    private final ObjectStore store;
    private final StorageSettings buckets;
    private final ReconcileSettings settings;
    private final Clock clock;
    private final GcfTraceContext traces;
    private final AccountDeletions deletions;
    private final AbandonedOriginals abandoned;

    ReconcileCloudFunction(ImageRepository images, ObjectStore store, StorageSettings buckets, ReconcileSettings settings,
            Clock clock, GcfTraceContext traces, AccountDeletions deletions, AbandonedOriginals abandoned) {
        this.images = images;
        this.store = store;
        this.buckets = buckets;
        this.settings = settings;
        this.clock = clock;
        this.traces = traces;
        this.deletions = deletions;
        this.abandoned = abandoned;
    }

    @Override
    public Message<Object> apply(Message<?> request) {
        return traces.within(request, "reconcile originals", () -> {
            Reannounced reannounced = reannounceStuck();
            int deleted = deletions.finishInterrupted().finished();
            abandoned.clear();
            return GcfMessages.answer(200, new Reconciled(reannounced.rewritten(), reannounced.failed(), deleted));
        });
    }

    /** The original's own write was its announcement, so confirmed or not, only what stayed pending is stuck. */
    private Reannounced reannounceStuck() {
        Instant stuckBefore = clock.instant().minus(settings.stuckAfter());
        int rewritten = 0;
        int failed = 0;
        for (Image image : images.needingEvent(stuckBefore, stuckBefore, BATCH)) {
            String key = StorageKeys.original(image.ownerId(), image.id());
            try {
                store.put(buckets.originalsBucket(), key, store.get(buckets.originalsBucket(), key), "image/" + image.format());
                images.markEventSent(image.id());
                rewritten++;
            } catch (StorageUnavailableException e) {
                log.warn("image {}: original not written again, the next pass retries: {}", image.id(), e.getMessage());
                failed++;
            }
        }
        if (rewritten > 0) {
            log.info("wrote {} stuck originals again, so that their storage events come again", rewritten);
        }
        return new Reannounced(rewritten, failed);
    }
}

package dev.scrapbook.accounts;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.storage.StorageUnavailableException;

/**
 * Deleting an account, so that nothing of it is left and any interruption is finished later.
 *
 * <p>The order is what makes it crash-safe: (1) the deletion is recorded in {@code account_deletions} and
 * committed before anything is deleted, and from then on every credential of the account is refused (core's
 * Authenticator), so nothing new is written for it; (2) every object under the owner's prefix goes from both
 * buckets ({@link StorageKeys#owner}: originals, thumbnails, whether or not a row names them); (3) one statement
 * deletes the users row, which cascades to every row of the account (images, API tokens, friendships and friend
 * requests both ways, shares both ways, links, boards and memberships), and marks the record: the username is
 * free from this commit on. Every step can be repeated, and two runs at once only do the same work twice, so a
 * kill between any two is finished by running it all again: the reconcile pass does that for every recorded
 * deletion whose rows are still there ({@link #finishInterrupted}), and the local runtime at start.
 *
 * <p>Copies that friends kept are theirs: own rows under their owner, own objects under their owner's prefix
 * (share's ImageCopier copies the objects), so none of this touches them.
 *
 * <p>A request that authenticated just before the record and writes after step 2 could leave an object under the
 * prefix (its row would be deleted in step 3, or refused by the foreign key). So the record stays after step 3, and
 * once {@code settle} has passed the reconcile pass sweeps the prefix a last time and forgets the deletion.
 */
@Component
public class AccountDeletions {

    private static final Logger log = LoggerFactory.getLogger(AccountDeletions.class);
    private static final int BATCH = 100;

    private final JdbcClient db;
    private final ObjectStore store;
    private final StorageSettings buckets;
    private final AccountDeletionSettings settings;

    public AccountDeletions(JdbcClient db, ObjectStore store, StorageSettings buckets, AccountDeletionSettings settings) {
        this.db = db;
        this.store = store;
        this.buckets = buckets;
        this.settings = settings;
    }

    /** How much the reconcile pass did: deletions finished, and deletions swept a last time and forgotten. */
    public record Reconciled(int finished, int settled) {
    }

    /**
     * Step 1: the account is being deleted. One statement, committed before anything is deleted (so call it outside
     * any transaction).
     */
    public void record(UUID userId) {
        db.sql("insert into account_deletions (user_id) values (?) on conflict do nothing").param(userId).update();
    }

    /** Steps 2 and 3 of a recorded deletion. Idempotent: running it again, or twice at once, ends the same. */
    public void finish(UUID userId) {
        long objects = deleteObjects(userId);
        // One statement, so the rows and the mark commit together: the mark says exactly that the rows are gone.
        db.sql("""
                with account as (delete from users where id = :user)
                update account_deletions set rows_deleted_at = now() where user_id = :user and rows_deleted_at is null
                """).param("user", userId).update();
        log.info("account {} deleted: {} objects and its rows", userId, objects);
    }

    /**
     * The reconcile pass's part: finishes every deletion interrupted for longer than {@code interruptedFor} (the local
     * runtime passes zero at start, when nothing of its own can still be running), and sweeps those whose rows went
     * more than the settle time ago one last time before forgetting them. A failure leaves the record for the next pass.
     */
    public Reconciled finishInterrupted(Duration interruptedFor) {
        List<UUID> interrupted = db.sql("""
                select user_id from account_deletions
                where rows_deleted_at is null and requested_at < now() - make_interval(secs => ?)
                order by requested_at limit ?""")
                .params(interruptedFor.toMillis() / 1000.0, BATCH).query(UUID.class).list();
        int finished = 0;
        for (UUID userId : interrupted) {
            try {
                finish(userId);
                finished++;
            } catch (StorageUnavailableException | DataAccessException e) {
                log.warn("account {}: deletion not finished, the next pass tries again: {}", userId, e.getMessage());
            }
        }
        List<UUID> settled = db.sql("""
                select user_id from account_deletions
                where rows_deleted_at < now() - make_interval(secs => ?)
                order by rows_deleted_at limit ?""")
                .params(settings.settle().toMillis() / 1000.0, BATCH).query(UUID.class).list();
        int swept = 0;
        for (UUID userId : settled) {
            try {
                deleteObjects(userId);
                db.sql("delete from account_deletions where user_id = ?").param(userId).update();
                swept++;
            } catch (StorageUnavailableException | DataAccessException e) {
                log.warn("account {}: last sweep failed, the next pass tries again: {}", userId, e.getMessage());
            }
        }
        if (finished > 0 || swept > 0) {
            log.info("account deletions: {} interrupted ones finished, {} swept a last time", finished, swept);
        }
        return new Reconciled(finished, swept);
    }

    /** The reconcile pass's usual call: deletions that their own request had time to finish. */
    public Reconciled finishInterrupted() {
        return finishInterrupted(settings.interruptedAfter());
    }

    private long deleteObjects(UUID userId) {
        String prefix = StorageKeys.owner(userId);
        return store.deleteAll(buckets.originalsBucket(), prefix) + store.deleteAll(buckets.thumbnailsBucket(), prefix);
    }
}

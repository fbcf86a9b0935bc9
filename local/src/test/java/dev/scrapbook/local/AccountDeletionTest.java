package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.scrapbook.accounts.AccountDeletions;
import dev.scrapbook.gallery.account.LoginThrottleSettings;
import dev.scrapbook.local.ApiClient.Answer;
import dev.scrapbook.save.EventReconciler;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;

/**
 * {@code DELETE /api/account}: nothing of the account is left, in PostgreSQL or in either bucket; what friends kept
 * stays theirs; the name is free again. Idempotent, and an interrupted deletion is finished by the reconcile pass.
 */
class AccountDeletionTest extends LocalRuntimeTest {

    private static final String PASSWORD = "correct horse battery";
    /** Every column that names an account. */
    private static final List<String> ACCOUNT_COLUMNS = List.of("users.id", "images.owner_id", "api_tokens.user_id",
            "boards.owner_id", "board_members.user_id", "image_shares.recipient_id", "friend_requests.requester_id",
            "friend_requests.addressee_id", "friendships.user_id", "friendships.friend_id");
    /** Every column that names an image or a board. */
    private static final List<String> IMAGE_OR_BOARD_COLUMNS = List.of("image_shares.image_id", "share_links.image_id",
            "share_links.board_id", "board_images.image_id", "board_images.board_id", "board_members.board_id");

    @Autowired
    JdbcClient db;

    @Autowired
    ObjectStore store;

    @Autowired
    StorageSettings buckets;

    @Autowired
    AccountDeletions deletions;

    @Autowired
    EventReconciler reconcile;

    @Autowired
    LoginThrottleSettings throttle;

    @Test
    void leavesNothingOfTheAccountButWhatFriendsKept() throws Exception {
        ApiClient ann = api().newUser();
        ApiClient bob = befriend(ann, api().newUser());
        UUID annId = UUID.fromString(ann.userId());
        String kept = saved(ann);
        String sharedWithBob = saved(ann);
        String onBoard = saved(ann);
        String bobsImage = saved(bob);
        ann.post("/api/shares", Map.of("imageId", sharedWithBob, "friendIds", List.of(bob.userId())));
        ann.post("/api/shares", Map.of("imageId", kept, "friendIds", List.of(bob.userId())));
        bob.post("/api/shares", Map.of("imageId", bobsImage, "friendIds", List.of(ann.userId())));
        Answer copy = bob.post("/api/shares/received/" + kept + "/copy", Map.of());
        assertThat(copy.status()).isEqualTo(201);
        String copyId = copy.body().path("id").asText();
        String annsBoard = ann.post("/api/boards", Map.of("name", "Ann's")).body().path("id").asText();
        ann.post("/api/boards/" + annsBoard + "/images", Map.of("imageIds", List.of(onBoard)));
        ann.post("/api/boards/" + annsBoard + "/members", Map.of("userId", bob.userId(), "role", "viewer"));
        String bobsBoard = bob.post("/api/boards", Map.of("name", "Bob's")).body().path("id").asText();
        bob.post("/api/boards/" + bobsBoard + "/members", Map.of("userId", ann.userId(), "role", "contributor"));
        assertThat(ann.post("/api/boards/" + bobsBoard + "/images", Map.of("imageIds", List.of(onBoard))).status()).isEqualTo(200);
        bob.post("/api/boards/" + bobsBoard + "/images", Map.of("imageIds", List.of(bobsImage)));
        String imageLink = ann.post("/api/links", Map.of("imageId", sharedWithBob)).body().path("token").asText();
        String boardLink = ann.post("/api/links", Map.of("boardId", annsBoard)).body().path("token").asText();
        assertThat(visitor().get("/s/" + imageLink).status()).isEqualTo(200);
        ApiClient extension = ann.as(ann.post("/api/account/tokens", Map.of("name", "x")).body().path("token").asText());
        ann.post("/api/friends/requests", Map.of("username", api().newUser().username()));
        assertThat(keysUnder(annId)).as("originals and both renditions of three images").hasSize(9);

        Answer deleted = ann.delete("/api/account", Map.of("password", PASSWORD));

        assertThat(deleted.status()).as(String.valueOf(deleted.body())).isEqualTo(204);
        assertThat(keysUnder(annId)).as("no object under the owner in either bucket").isEmpty();
        ACCOUNT_COLUMNS.forEach(column -> assertThat(rowsWith(column, List.of(annId))).as(column).isZero());
        List<UUID> annsThings = List.of(kept, sharedWithBob, onBoard, annsBoard).stream().map(UUID::fromString).toList();
        IMAGE_OR_BOARD_COLUMNS.forEach(column -> assertThat(rowsWith(column, annsThings)).as(column).isZero());
        assertThat(ann.get("/api/account/me").status()).isEqualTo(401);
        assertThat(extension.get("/api/images").status()).isEqualTo(401);
        assertThat(visitor().get("/s/" + imageLink).status()).isEqualTo(404);
        assertThat(visitor().get("/s/" + boardLink).status()).isEqualTo(404);
        // Bob keeps his copy, its objects, his board and his own image on it; Ann is gone from his life.
        Answer bobsCopy = bob.get("/api/images/" + copyId);
        assertThat(bobsCopy.status()).isEqualTo(200);
        assertThat(bob.download(bobsCopy.body().path("originalUrl").asText())).isNotEmpty();
        assertThat(bob.download(bobsCopy.body().path("thumbnailUrl").asText())).isNotEmpty();
        assertThat(bob.get("/api/friends").body().path("friends")).isEmpty();
        assertThat(bob.get("/api/shares/received").body().path("items")).isEmpty();
        assertThat(bob.get("/api/boards/" + annsBoard).status()).isEqualTo(404);
        assertThat(bob.get("/api/boards/" + bobsBoard + "/images").body().path("items")).hasSize(1);
        assertThat(bob.get("/api/boards/" + bobsBoard + "/members").body().path("members")).isEmpty();
        // The name is free: whoever signs up with it gets a new, empty account.
        ApiClient again = api().newUser(ann.username());
        assertThat(again.userId()).isNotEqualTo(annId.toString());
        assertThat(again.get("/api/images").body().path("items")).isEmpty();
        assertThat(ann.get("/api/account/me").status()).as("the old session names the old account").isEqualTo(401);
    }

    @Test
    void deletingAgainOrTwiceAtOnceEndsTheSame() throws Exception {
        ApiClient ann = api().newUser();
        UUID annId = UUID.fromString(ann.userId());
        saved(ann);
        saved(ann);
        deletions.record(annId);

        try (ExecutorService twice = Executors.newFixedThreadPool(2)) {
            Future<?> one = twice.submit(() -> deletions.finish(annId));
            Future<?> other = twice.submit(() -> deletions.finish(annId));
            one.get();
            other.get();
        }
        deletions.finish(annId);

        assertThat(keysUnder(annId)).isEmpty();
        assertThat(db.sql("select count(*) from users where id = ?").param(annId).query(Long.class).single()).isZero();
        Answer again = ann.delete("/api/account", Map.of("password", PASSWORD));
        assertThat(again.status()).as("the account is gone: its session is refused").isEqualTo(401);
        OpenApiContract.assertMatches("Problem", again.body());
    }

    @Test
    void aWrongPasswordAnApiTokenOrNoPasswordDeletesNothing() throws Exception {
        ApiClient ann = api().newUser();
        UUID annId = UUID.fromString(ann.userId());
        saved(ann);
        ApiClient extension = ann.as(ann.post("/api/account/tokens", Map.of("name", "x")).body().path("token").asText());

        Answer wrong = ann.delete("/api/account", Map.of("password", "not my password"));
        Answer byToken = extension.delete("/api/account", Map.of("password", PASSWORD));
        Answer none = ann.delete("/api/account", Map.of());

        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.type()).endsWith("/wrong-password");
        assertThat(byToken.status()).isEqualTo(403);
        assertThat(byToken.type()).endsWith("/forbidden");
        assertThat(none.status()).isEqualTo(400);
        for (Answer refused : List.of(wrong, byToken, none)) {
            OpenApiContract.assertMatches("Problem", refused.body());
        }
        assertThat(ann.get("/api/images").body().path("items")).hasSize(1);
        assertThat(keysUnder(annId)).hasSize(3);
        assertThat(db.sql("select count(*) from account_deletions where user_id = ?").param(annId).query(Long.class).single())
                .isZero();
    }

    @Test
    void passwordGuessesAreThrottledAsAtLogIn() {
        ApiClient ann = api().newUser();
        ApiClient thief = visitor().as(ann.token());
        for (int i = 0; i < throttle.maxFailuresPerAccountAndAddress(); i++) {
            assertThat(thief.delete("/api/account", Map.of("password", "guess " + i)).status()).isEqualTo(403);
        }

        Answer refused = thief.delete("/api/account", Map.of("password", PASSWORD));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(ann.get("/api/account/me").status()).as("still there").isEqualTo(200);
    }

    /** A deletion recorded and then interrupted: its credentials are refused at once, and the reconcile pass finishes it. */
    @Test
    void theReconcilePassFinishesAnInterruptedDeletionAndSweepsLateObjects() throws Exception {
        ApiClient ann = api().newUser();
        UUID annId = UUID.fromString(ann.userId());
        String link = ann.post("/api/links", Map.of("imageId", saved(ann))).body().path("token").asText();
        ApiClient extension = ann.as(ann.post("/api/account/tokens", Map.of("name", "x")).body().path("token").asText());

        deletions.record(annId);

        assertThat(visitor().get("/s/" + link).status()).as("a link of a deleting account, its rows still there")
                .isEqualTo(404);

        assertThat(ann.get("/api/account/me").status()).as("a session of a deleting account").isEqualTo(401);
        assertThat(extension.get("/api/images").status()).as("an API token of a deleting account").isEqualTo(401);
        assertThat(api().post("/api/account/login", Map.of("username", ann.username(), "password", PASSWORD)).status())
                .isEqualTo(401);
        assertThat(api().post("/api/account/signup", Map.of("username", ann.username(), "password", PASSWORD)).status())
                .as("the name is held until the rows are gone").isEqualTo(409);
        db.sql("update account_deletions set requested_at = now() - interval '2 minutes' where user_id = ?").param(annId).update();

        reconcile.get();

        assertThat(keysUnder(annId)).isEmpty();
        assertThat(db.sql("select count(*) from users where id = ?").param(annId).query(Long.class).single()).isZero();
        assertThat(api().post("/api/account/signup", Map.of("username", ann.username(), "password", PASSWORD)).status())
                .isEqualTo(201);

        // A save that authenticated before the deletion and wrote after it: swept once the settle time has passed.
        store.put(buckets.originalsBucket(), StorageKeys.original(annId, UUID.randomUUID()), TestJpegs.small(), "image/jpeg");
        reconcile.get();
        assertThat(keysUnder(annId)).as("not before the settle time").hasSize(1);
        db.sql("update account_deletions set rows_deleted_at = now() - interval '16 minutes' where user_id = ?").param(annId).update();
        reconcile.get();
        assertThat(keysUnder(annId)).isEmpty();
        assertThat(db.sql("select count(*) from account_deletions where user_id = ?").param(annId).query(Long.class).single())
                .as("forgotten after the last sweep").isZero();
    }

    private long rowsWith(String tableAndColumn, List<UUID> ids) {
        String[] name = tableAndColumn.split("\\.");
        String list = String.join(",", ids.stream().map(UUID::toString).toList());
        return db.sql("select count(*) from " + name[0] + " where " + name[1] + " = any(string_to_array(?, ',')::uuid[])")
                .param(list).query(Long.class).single();
    }

    private List<String> keysUnder(UUID owner) {
        String prefix = StorageKeys.owner(owner);
        return java.util.stream.Stream.concat(store.list(buckets.originalsBucket(), prefix, 10_000).stream(),
                store.list(buckets.thumbnailsBucket(), prefix, 10_000).stream()).toList();
    }

    /** Saves a small JPEG and waits for its thumbnails. */
    private static String saved(ApiClient user) throws InterruptedException {
        String id = user.upload("/api/save", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        assertThat(awaitSettled(user, id, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("ready");
        return id;
    }
}

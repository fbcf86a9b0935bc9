package dev.scrapbook.local;

import static dev.scrapbook.local.BoardsTest.board;
import static dev.scrapbook.local.BoardsTest.boardOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.local.ApiClient.Answer;
import dev.scrapbook.testing.TestServices;

/** Boards built with friends, and boards shown to anyone by a public link. */
class BoardSharingTest extends LocalRuntimeTest {

    @Autowired
    JdbcClient db;

    @Test
    void membersSeeEveryImageOnTheBoardButOnlyThroughTheBoard() throws Exception {
        ApiClient ann = api().newUser();
        ApiClient bob = befriend(ann, api().newUser());
        ApiClient cat = befriend(ann, api().newUser());
        byte[] annsBytes = TestJpegs.small();
        String annsImage = saved(ann, annsBytes);
        String bobsImage = saved(bob, TestJpegs.small());
        String board = board(ann, "Together");
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(annsImage)));

        Answer members = ann.post("/api/boards/" + board + "/members", Map.of("userId", bob.userId(), "role", "contributor"));
        assertThat(members.status()).isEqualTo(200);
        OpenApiContract.assertMatches("BoardMembers", members.body());
        ann.post("/api/boards/" + board + "/members", Map.of("userId", cat.userId(), "role", "viewer"));
        assertThat(usernames(cat.get("/api/boards/" + board + "/members").body().path("members")))
                .containsExactly(bob.username(), cat.username());
        JsonNode catsBoards = cat.get("/api/boards").body();
        OpenApiContract.assertMatches("BoardList", catsBoards);
        assertThat(catsBoards.path("items").get(0).path("role").asText()).isEqualTo("viewer");
        assertThat(catsBoards.path("items").get(0).path("owner").path("username").asText()).isEqualTo(ann.username());

        assertThat(bob.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(bobsImage))).status()).isEqualTo(200);
        assertThat(bob.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(annsImage))).status())
                .as("a contributor adds only their own images").isEqualTo(404);
        assertThat(cat.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(saved(cat, TestJpegs.small())))).status())
                .as("viewers look").isEqualTo(403);

        JsonNode seen = cat.get("/api/boards/" + board + "/images").body();
        OpenApiContract.assertMatches("BoardImagePage", seen);
        assertThat(seen.path("items")).hasSize(2);
        JsonNode annsOnBoard = seen.path("items").get(0);
        assertThat(annsOnBoard.path("addedBy").path("username").asText()).isEqualTo(ann.username());
        assertThat(cat.download(annsOnBoard.path("image").path("originalUrl").asText())).isEqualTo(annsBytes);
        assertThat(cat.download(annsOnBoard.path("image").path("previewUrl").asText())).isNotEmpty();
        assertThat(seen.path("items").get(1).path("addedBy").path("username").asText()).isEqualTo(bob.username());
        assertThat(cat.get("/api/images/" + annsImage).status()).as("only through the board").isEqualTo(404);
        assertThat(ann.get("/api/images/" + bobsImage).status()).isEqualTo(404);

        assertThat(bob.put("/api/boards/" + board + "/order", Map.of("imageIds", List.of(bobsImage, annsImage))).status()).isEqualTo(204);
        assertThat(cat.put("/api/boards/" + board + "/order", Map.of("imageIds", List.of(annsImage, bobsImage))).status()).isEqualTo(403);
        assertThat(boardOrder(ann, board, 100)).containsExactly(bobsImage, annsImage);
        Answer rename = bob.patch("/api/boards/" + board, Map.of("name", "Mine now"));
        assertThat(rename.status()).isEqualTo(403);
        assertThat(rename.type()).endsWith("/forbidden");
        OpenApiContract.assertMatches("Problem", rename.body());
        assertThat(bob.delete("/api/boards/" + board + "/images/" + annsImage).status()).isEqualTo(403);

        // Roles change: Cat may add now; Bob, made a viewer, keeps what he added and may still take it off.
        ann.post("/api/boards/" + board + "/members", Map.of("userId", cat.userId(), "role", "contributor"));
        assertThat(cat.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(saved(cat, TestJpegs.small())))).status())
                .isEqualTo(200);
        ann.post("/api/boards/" + board + "/members", Map.of("userId", bob.userId(), "role", "viewer"));
        assertThat(bob.get("/api/boards/" + board).body().path("role").asText()).isEqualTo("viewer");
        assertThat(boardOrder(ann, board, 100)).contains(bobsImage);
        assertThat(bob.delete("/api/boards/" + board + "/images/" + bobsImage).status()).isEqualTo(204);
        assertThat(boardOrder(ann, board, 100)).doesNotContain(bobsImage).hasSize(2);
    }

    @Test
    void endingAMembershipTakesTheMembersImagesOffTheBoard() throws Exception {
        ApiClient ann = api().newUser();
        ApiClient bob = befriend(ann, api().newUser());
        ApiClient cat = befriend(ann, api().newUser());
        ApiClient stranger = api().newUser();
        String annsImage = saved(ann, TestJpegs.small());
        String bobsImage = saved(bob, TestJpegs.small());
        String catsImage = saved(cat, TestJpegs.small());
        String board = board(ann, "Comings and goings");
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(annsImage)));
        for (ApiClient member : List.of(bob, cat)) {
            ann.post("/api/boards/" + board + "/members", Map.of("userId", member.userId(), "role", "contributor"));
        }
        bob.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(bobsImage)));
        cat.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(catsImage)));
        ann.patch("/api/boards/" + board, Map.of("coverImageId", bobsImage));

        assertThat(bob.delete("/api/boards/" + board + "/members/" + bob.userId()).status()).as("Bob leaves").isEqualTo(204);
        assertThat(bob.get("/api/boards/" + board).status()).isEqualTo(404);
        assertThat(boardOrder(ann, board, 100)).containsExactly(annsImage, catsImage);
        assertThat(ann.get("/api/boards/" + board).body().path("coverImageId").asText())
                .as("his image was the cover; the first image is again").isEqualTo(annsImage);
        assertThat(bob.get("/api/images/" + bobsImage).status()).as("still in his gallery").isEqualTo(200);

        assertThat(cat.delete("/api/boards/" + board + "/members/" + ann.userId()).status())
                .as("a member removes only themselves").isEqualTo(403);
        assertThat(ann.delete("/api/boards/" + board + "/members/" + cat.userId()).status()).isEqualTo(204);
        assertThat(boardOrder(ann, board, 100)).containsExactly(annsImage);
        assertThat(ann.delete("/api/boards/" + board + "/members/" + cat.userId()).status()).isEqualTo(404);

        ann.post("/api/boards/" + board + "/members", Map.of("userId", bob.userId(), "role", "contributor"));
        bob.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(bobsImage)));
        assertThat(bob.delete("/api/friends/" + ann.userId()).status()).as("Bob unfriends Ann").isEqualTo(204);
        assertThat(bob.get("/api/boards/" + board).status()).isEqualTo(404);
        assertThat(boardOrder(ann, board, 100)).containsExactly(annsImage);
        assertThat(usernames(ann.get("/api/boards/" + board + "/members").body().path("members"))).isEmpty();
        Answer again = ann.post("/api/boards/" + board + "/members", Map.of("userId", bob.userId(), "role", "viewer"));
        assertThat(again.status()).as("friends only").isEqualTo(400);
        assertThat(ann.post("/api/boards/" + board + "/members", Map.of("userId", stranger.userId(), "role", "viewer")).status())
                .isEqualTo(400);
        assertThat(ann.post("/api/boards/" + board + "/members", Map.of("userId", cat.userId(), "role", "owner")).status())
                .isEqualTo(400);
        assertThat(usernames(ann.get("/api/boards/" + board + "/members").body().path("members"))).isEmpty();
    }

    /**
     * An add that holds its membership when the unfriending comes: the unfriending waits for the add (the
     * membership row is locked FOR SHARE), then its trigger takes the just-added image off. Without that lock the
     * image would stay on a board its owner is no longer a member of. The add is held at its insert by a lock
     * this test takes on the image's row (the insert's foreign-key check must wait for it).
     */
    @Test
    void anAddRacingTheEndOfItsMembershipLeavesNothingBehind() throws Exception {
        ApiClient ann = api().newUser();
        ApiClient bob = befriend(ann, api().newUser());
        String bobsImage = saved(bob, TestJpegs.small());
        String board = board(ann, "Race");
        ann.post("/api/boards/" + board + "/members", Map.of("userId", bob.userId(), "role", "contributor"));

        CompletableFuture<Integer> add;
        CompletableFuture<Integer> unfriend;
        try (Connection holder = DriverManager.getConnection(TestServices.databaseUrl(), "postgres", "")) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("select 1 from images where id = '" + bobsImage + "' for update");
            add = CompletableFuture.supplyAsync(() -> bob.post("/api/boards/" + board + "/images",
                    Map.of("imageIds", List.of(bobsImage))).status());
            awaitLockWaiters(1, add);
            assertThat(add.isDone()).as("the add waits at its insert").isFalse();
            unfriend = CompletableFuture.supplyAsync(() -> ann.delete("/api/friends/" + bob.userId()).status());
            awaitLockWaiters(2, unfriend);
            holder.rollback();
        }
        assertThat(add.get()).isEqualTo(200);
        assertThat(unfriend.get()).isEqualTo(204);
        assertThat(boardOrder(ann, board, 100)).isEmpty();
    }

    @Test
    void aBoardLinkShowsTheGridToAnyoneWithTheCoverAsItsCard() throws Exception {
        ApiClient ann = api().newUser();
        ApiClient bob = befriend(ann, api().newUser());
        String annsImage = saved(ann, TestJpegs.small());
        String bobsImage = saved(bob, TestJpegs.small());
        String notOnBoard = saved(ann, TestJpegs.small());
        String board = ann.post("/api/boards", Map.of("name", "<script>alert(1)</script> & co", "description", "Seen \"there\""))
                .body().path("id").asText();
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(annsImage)));
        ann.post("/api/boards/" + board + "/members", Map.of("userId", bob.userId(), "role", "contributor"));
        bob.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(bobsImage)));

        Answer created = ann.post("/api/links", Map.of("boardId", board, "expiresAt", Instant.now().plus(Duration.ofDays(3)).toString()));
        assertThat(created.status()).isEqualTo(201);
        OpenApiContract.assertMatches("CreatedLink", created.body());
        assertThat(created.body().path("boardId").asText()).isEqualTo(board);
        assertThat(created.body().path("imageId").isNull()).isTrue();
        String token = created.body().path("token").asText();

        ApiClient visitor = visitor();
        Answer page = visitor.get("/s/" + token);
        assertThat(page.status()).isEqualTo(200);
        String html = new String(page.raw().body());
        JsonNode cover = ann.get("/api/images/" + annsImage).body();
        assertThat(html).doesNotContain("<script>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co")
                .contains("Seen &quot;there&quot;")
                .contains("<meta property=\"og:image\" content=\"" + baseUrl() + "/s/" + token + "/preview\">")
                .contains("og:image:width\" content=\"" + cover.path("preview").path("width").asInt() + "\"")
                .contains("summary_large_image")
                .contains("This link works until")
                .doesNotContain(ann.username()).doesNotContain(bob.username());
        assertThat(pictures(html, token)).containsExactly(annsImage, bobsImage);
        assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElseThrow()).doesNotContain("unsafe-inline");

        assertThat(visitor.get("/s/" + token + "/preview").raw().body())
                .as("the card is the cover's preview").isEqualTo(ann.download(cover.path("previewUrl").asText()));
        Answer grid = visitor.get("/s/" + token + "/images/" + bobsImage);
        assertThat(grid.status()).isEqualTo(200);
        assertThat(grid.contentType()).isEqualTo("image/jpeg");
        assertThat(grid.raw().body()).isEqualTo(bob.download(bob.get("/api/images/" + bobsImage).body().path("thumbnailUrl").asText()));
        assertThat(visitor.get("/s/" + token + "/images/" + bobsImage + "/preview").raw().body())
                .isEqualTo(bob.download(bob.get("/api/images/" + bobsImage).body().path("previewUrl").asText()));
        assertThat(visitor.get("/s/" + token + "/images/" + notOnBoard).status()).as("only the board's pictures").isEqualTo(404);
        assertThat(visitor.get("/s/" + token + "/images/not-an-id").status()).isEqualTo(404);
        assertThat(visitor.get("/s/" + token + "/original").status()).isEqualTo(404);

        JsonNode listed = ann.get("/api/links?boardId=" + board).body();
        OpenApiContract.assertMatches("LinkList", listed);
        assertThat(listed.path("items")).singleElement().satisfies(link -> {
            assertThat(link.path("boardId").asText()).isEqualTo(board);
            assertThat(link.has("token")).isFalse();
        });
        assertThat(ann.get("/api/links?imageId=" + annsImage).body().path("items")).as("not an image's link").isEmpty();
        assertThat(ann.post("/api/links", Map.of("boardId", board, "includeOriginal", true)).status()).isEqualTo(400);
        assertThat(ann.post("/api/links", Map.of("boardId", board, "imageId", annsImage)).status()).isEqualTo(400);
        assertThat(ann.post("/api/links", Map.of()).status()).isEqualTo(400);
        assertThat(bob.post("/api/links", Map.of("boardId", board)).status()).as("the owner's to make").isEqualTo(403);

        assertThat(ann.delete("/api/friends/" + bob.userId()).status()).isEqualTo(204);
        assertThat(pictures(new String(visitor.get("/s/" + token).raw().body()), token)).containsExactly(annsImage);
        assertThat(visitor.get("/s/" + token + "/images/" + bobsImage).status()).as("left with Bob").isEqualTo(404);

        db.sql("update share_links set expires_at = now() - interval '1 second' where board_id = ?::uuid").param(board).update();
        assertThat(visitor.get("/s/" + token).status()).isEqualTo(410);
        assertThat(visitor.get("/s/" + token + "/images/" + annsImage).status()).isEqualTo(404);
        assertThat(visitor.get("/s/" + token + "/preview").status()).isEqualTo(404);

        Answer another = ann.post("/api/links", Map.of("boardId", board));
        String anotherToken = another.body().path("token").asText();
        assertThat(visitor.get("/s/" + anotherToken + "/images/" + annsImage).status()).isEqualTo(200);
        assertThat(ann.delete("/api/links/" + another.body().path("id").asText()).status()).isEqualTo(204);
        Answer afterRevoke = visitor.get("/s/" + anotherToken);
        Answer unknown = visitor.get("/s/" + "B".repeat(43));
        assertThat(afterRevoke.status()).isEqualTo(404);
        assertThat(afterRevoke.raw().body()).as("revoked and unknown are indistinguishable").isEqualTo(unknown.raw().body());
        assertThat(visitor.get("/s/" + anotherToken + "/images/" + annsImage).status()).isEqualTo(404);

        String lasting = ann.post("/api/links", Map.of("boardId", board)).body().path("token").asText();
        assertThat(ann.delete("/api/boards/" + board).status()).isEqualTo(204);
        Answer deleted = visitor.get("/s/" + lasting);
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.raw().body()).as("a deleted board's link is unknown").isEqualTo(unknown.raw().body());
    }

    @Test
    void aBigBoardsLinkPageShowsItsPicturesAPageAtATime() throws Exception {
        ApiClient ann = api().newUser();
        String board = board(ann, "Many");
        String ready = saved(ann, TestJpegs.small());
        // Images made in the database to fill more than one page quickly. Marked failed, as rows with no object
        // behind them: a pending one would be published again by the reconcile pass other tests of this JVM run.
        List<String> unshown = db.sql("""
                        insert into images (owner_id, sha256, status, format, width, height, bytes)
                        select ?::uuid, sha256((gen_random_uuid())::text::bytea), 'failed', 'png', 1, 1, 1 from generate_series(1, 64)
                        returning id::text""").param(ann.userId()).query(String.class).list();
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(ready)));
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", unshown));
        String token = ann.post("/api/links", Map.of("boardId", board)).body().path("token").asText();

        ApiClient visitor = visitor();
        String first = new String(visitor.get("/s/" + token).raw().body());
        assertThat(first).contains("65 pictures");
        assertThat(pictures(first, token)).containsExactly(ready);
        assertThat(count(first, "<li class=\"placeholder\">")).isEqualTo(59);
        Matcher more = Pattern.compile("href=\"(/s/" + token + "\\?after=[A-Za-z0-9_-]+)\">More pictures").matcher(first);
        assertThat(more.find()).as("a link to the next page").isTrue();
        String second = new String(visitor.get(more.group(1)).raw().body());
        assertThat(count(second, "<li class=\"placeholder\">")).isEqualTo(5);
        assertThat(second).doesNotContain("More pictures");
        assertThat(visitor.get("/s/" + token + "?after=garbage").status()).as("a bad cursor starts over").isEqualTo(200);
        assertThat(visitor.get("/s/" + token + "/images/" + unshown.get(0)).status()).as("no thumbnail").isEqualTo(404);
    }

    private String saved(ApiClient user, byte[] bytes) throws InterruptedException {
        String id = user.upload("/api/save", bytes, "image/jpeg").body().path("id").asText();
        awaitSettled(user, id, Duration.ofSeconds(60));
        return id;
    }

    /** The image ids of the link page's pictures, in page order. */
    private static List<String> pictures(String html, String token) {
        Matcher img = Pattern.compile("<img src=\"/s/" + token + "/images/([0-9a-f-]{36})\"").matcher(html);
        List<String> ids = new ArrayList<>();
        while (img.find()) {
            ids.add(img.group(1));
        }
        return ids;
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** Waits until {@code n} sessions of this run's database wait for a lock, or {@code call} is over. */
    private void awaitLockWaiters(int n, CompletableFuture<?> call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !call.isDone()) {
            int waiting = db.sql("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
                    .query(Integer.class).single();
            if (waiting >= n) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(call.isDone()).as("%d sessions waiting for a lock in time", n).isTrue();
    }
}

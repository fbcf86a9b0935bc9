package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.local.ApiClient.Answer;

/** Boards through the API as the page will use them: making, filling, ordering, covers and limits. */
class BoardsTest extends LocalRuntimeTest {

    @Autowired
    JdbcClient db;

    @Test
    void aBoardIsMadeListedChangedAndDeletedWhileItsImagesStay() throws Exception {
        ApiClient ann = api().newUser();
        String image = saved(ann);

        Answer created = ann.post("/api/boards", Map.of("name", "  Trips  ", "description", "Places we went"));
        assertThat(created.status()).isEqualTo(201);
        OpenApiContract.assertMatches("Board", created.body());
        String id = created.body().path("id").asText();
        assertThat(created.raw().headers().firstValue("Location")).contains("/api/boards/" + id);
        assertThat(created.body().path("name").asText()).as("trimmed").isEqualTo("Trips");
        assertThat(created.body().path("role").asText()).isEqualTo("owner");
        assertThat(created.body().path("imageCount").asInt()).isZero();
        assertThat(created.body().path("coverUrl").isNull()).isTrue();
        assertThat(created.body().path("owner").path("username").asText()).isEqualTo(ann.username());

        String other = ann.post("/api/boards", Map.of("name", "Cats")).body().path("id").asText();
        ann.post("/api/boards/" + id + "/images", Map.of("imageIds", List.of(image)));
        JsonNode list = ann.get("/api/boards").body();
        OpenApiContract.assertMatches("BoardList", list);
        assertThat(ids(list.path("items"))).as("most recently changed first").containsExactly(id, other);

        Answer renamed = ann.patch("/api/boards/" + id, Map.of("name", "Holidays"));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.body().path("name").asText()).isEqualTo("Holidays");
        assertThat(renamed.body().path("description").asText()).as("left out, kept").isEqualTo("Places we went");
        java.util.HashMap<String, Object> clear = new java.util.HashMap<>();
        clear.put("description", null);
        assertThat(ann.patch("/api/boards/" + id, clear).body().path("description").isNull()).isTrue();
        assertThat(ann.get("/api/boards/" + id).body().path("name").asText()).isEqualTo("Holidays");

        assertThat(ann.delete("/api/boards/" + id).status()).isEqualTo(204);
        assertThat(ann.get("/api/boards/" + id).status()).isEqualTo(404);
        assertThat(ids(ann.get("/api/boards").body().path("items"))).containsExactly(other);
        assertThat(ann.get("/api/images/" + image).status()).as("the image stays in the gallery").isEqualTo(200);
    }

    @Test
    void imagesGoOnAtTheEndInTheOrderGivenAndPagesFollowBoardOrder() throws Exception {
        ApiClient ann = api().newUser();
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(saved(ann));
        }
        String board = board(ann, "Five");
        String second = board(ann, "Also on this one");

        Answer added = ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(images.get(3), images.get(1))));
        assertThat(added.status()).isEqualTo(200);
        OpenApiContract.assertMatches("Board", added.body());
        assertThat(added.body().path("imageCount").asInt()).isEqualTo(2);
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(images.get(0), images.get(3), images.get(4), images.get(2))));
        assertThat(ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(images.get(1), images.get(1))))
                .body().path("imageCount").asInt()).as("adding twice is harmless").isEqualTo(5);
        assertThat(ann.post("/api/boards/" + second + "/images", Map.of("imageIds", List.of(images.get(1)))).status())
                .as("an image can be on many boards").isEqualTo(200);
        assertThat(ids(ann.get("/api/boards?imageId=" + images.get(1)).body().path("items"))).containsExactly(second, board);
        assertThat(ids(ann.get("/api/boards?imageId=" + images.get(2)).body().path("items"))).containsExactly(board);
        assertThat(ann.get("/api/boards?imageId=nope").status()).isEqualTo(400);

        List<String> expected = List.of(images.get(3), images.get(1), images.get(0), images.get(4), images.get(2));
        assertThat(boardOrder(ann, board, 2)).isEqualTo(expected);
        JsonNode page = ann.get("/api/boards/" + board + "/images?limit=2").body();
        OpenApiContract.assertMatches("BoardImagePage", page);
        JsonNode first = page.path("items").get(0);
        assertThat(first.path("addedBy").path("username").asText()).isEqualTo(ann.username());
        assertThat(ann.download(first.path("image").path("thumbnailUrl").asText())).isNotEmpty();
        assertThat(ann.get("/api/boards/" + board + "/images?cursor=nonsense").status()).isEqualTo(400);
        assertThat(ann.get("/api/boards/" + board + "/images?limit=101").status()).isEqualTo(400);

        assertThat(ann.delete("/api/boards/" + board + "/images/" + images.get(0)).status()).isEqualTo(204);
        assertThat(ann.delete("/api/boards/" + board + "/images/" + images.get(0)).status()).isEqualTo(404);
        assertThat(boardOrder(ann, board, 100)).containsExactly(images.get(3), images.get(1), images.get(4), images.get(2));
        assertThat(ann.get("/api/images/" + images.get(0)).status()).as("off the board, still saved").isEqualTo(200);

        assertThat(ann.delete("/api/images/" + images.get(4)).status()).isEqualTo(204);
        assertThat(boardOrder(ann, board, 100)).as("a deleted image leaves every board")
                .containsExactly(images.get(3), images.get(1), images.get(2));
    }

    @Test
    void reorderingMovesTheNamedImagesAmongTheirOwnPlacesOnly() throws Exception {
        ApiClient ann = api().newUser();
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(saved(ann));
        }
        String board = board(ann, "Order");
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", images));
        String a = images.get(0), b = images.get(1), c = images.get(2), d = images.get(3), e = images.get(4), f = images.get(5);

        // Drag e from place 5 to place 2: name places 2-5 in their new order.
        assertThat(ann.put("/api/boards/" + board + "/order", Map.of("imageIds", List.of(e, b, c, d))).status()).isEqualTo(204);
        assertThat(boardOrder(ann, board, 100)).containsExactly(a, e, b, c, d, f);
        // Names that are not neighbours keep the places they hold and swap within them.
        ann.put("/api/boards/" + board + "/order", Map.of("imageIds", List.of(f, a)));
        assertThat(boardOrder(ann, board, 100)).containsExactly(f, e, b, c, d, a);
        ann.put("/api/boards/" + board + "/order", Map.of("imageIds", List.of(a, b, c, d, e, f)));
        assertThat(boardOrder(ann, board, 100)).as("the whole board").containsExactly(a, b, c, d, e, f);

        String notOnIt = saved(ann);
        Answer stranger = ann.put("/api/boards/" + board + "/order", Map.of("imageIds", List.of(b, notOnIt, a)));
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(stranger.type()).endsWith("/validation");
        assertThat(ann.put("/api/boards/" + board + "/order", Map.of("imageIds", List.of(b, a, b))).status()).isEqualTo(400);
        assertThat(ann.put("/api/boards/" + board + "/order", Map.of("imageIds", List.of())).status()).isEqualTo(400);
        assertThat(boardOrder(ann, board, 100)).as("a refused order moves nothing").containsExactly(a, b, c, d, e, f);
        assertThat(db.sql("select count(distinct position) from board_images where board_id = ?::uuid").param(board)
                .query(Integer.class).single()).isEqualTo(6);
    }

    @Test
    void theCoverIsTheFirstImageUnlessOneIsChosen() throws Exception {
        ApiClient ann = api().newUser();
        String a = saved(ann), b = saved(ann);
        String board = board(ann, "Covers");
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(a, b)));

        JsonNode view = ann.get("/api/boards/" + board).body();
        assertThat(view.path("coverImageId").asText()).isEqualTo(a);
        assertThat(ann.download(view.path("coverUrl").asText()))
                .isEqualTo(ann.download(ann.get("/api/images/" + a).body().path("thumbnailUrl").asText()));
        ann.put("/api/boards/" + board + "/order", Map.of("imageIds", List.of(b, a)));
        assertThat(ann.get("/api/boards/" + board).body().path("coverImageId").asText()).as("follows the order").isEqualTo(b);

        assertThat(ann.patch("/api/boards/" + board, Map.of("coverImageId", a)).body().path("coverImageId").asText()).isEqualTo(a);
        assertThat(ann.get("/api/boards").body().path("items").get(0).path("coverImageId").asText()).isEqualTo(a);
        Answer notOnIt = ann.patch("/api/boards/" + board, Map.of("coverImageId", saved(ann)));
        assertThat(notOnIt.status()).isEqualTo(400);
        assertThat(ann.get("/api/boards/" + board).body().path("coverImageId").asText()).isEqualTo(a);

        ann.delete("/api/boards/" + board + "/images/" + a);
        assertThat(ann.get("/api/boards/" + board).body().path("coverImageId").asText())
                .as("a chosen cover taken off the board is forgotten").isEqualTo(b);
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(a)));
        ann.patch("/api/boards/" + board, Map.of("coverImageId", a));
        java.util.HashMap<String, Object> reset = new java.util.HashMap<>();
        reset.put("coverImageId", null);
        assertThat(ann.patch("/api/boards/" + board, reset).body().path("coverImageId").asText()).isEqualTo(b);
    }

    @Test
    void sizesOverTheLimitsAreClearProblemsAndChangeNothing() {
        ApiClient ann = api().newUser();
        assertThat(ann.post("/api/boards", Map.of("name", " ")).type()).endsWith("/validation");
        assertThat(ann.post("/api/boards", Map.of("name", "x".repeat(101))).status()).isEqualTo(400);
        assertThat(ann.post("/api/boards", Map.of("name", "🐈".repeat(100))).status()).as("100 characters, 200 UTF-16 units")
                .isEqualTo(201);
        assertThat(ann.post("/api/boards", Map.of("name", "ok", "description", "d".repeat(2001))).status()).isEqualTo(400);
        String board = board(ann, "Limits");
        assertThat(ann.patch("/api/boards/" + board, Map.of("name", "")).status()).isEqualTo(400);
        assertThat(ann.patch("/api/boards/" + board, Map.of("name", 7)).status()).isEqualTo(400);

        Answer tooMany = ann.post("/api/boards/" + board + "/images",
                Map.of("imageIds", IntStream.range(0, 501).mapToObj(i -> java.util.UUID.randomUUID().toString()).toList()));
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.type()).endsWith("/too-large");
        Answer huge = ann.send("PUT", "/api/boards/" + board + "/order", "application/json",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"imageIds\": [\"" + " ".repeat(300_000) + "\"]}"));
        assertThat(huge.status()).as("refused before parsing").isEqualTo(413);
        assertThat(huge.type()).endsWith("/too-large");
        OpenApiContract.assertMatches("Problem", huge.body());
        assertThat(ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of("not-an-id"))).status()).isEqualTo(400);
        assertThat(ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of())).status()).isEqualTo(400);
        assertThat(ann.get("/api/boards/" + board).body().path("imageCount").asInt()).isZero();

        // A board holds at most 5,000 images; images made in the database to keep this quick (failed: no object is
        // behind them, and the reconcile pass other tests run must not publish them again).
        String owner = ann.userId();
        List<String> many = db.sql("""
                        insert into images (owner_id, sha256, status, format, width, height, bytes)
                        select ?::uuid, sha256((gen_random_uuid())::text::bytea), 'failed', 'png', 1, 1, 1 from generate_series(1, 5001)
                        returning id::text""").param(owner).query(String.class).list();
        for (int from = 0; from < 5000; from += 500) {
            assertThat(ann.post("/api/boards/" + board + "/images", Map.of("imageIds", many.subList(from, from + 500))).status())
                    .isEqualTo(200);
        }
        Answer full = ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(many.get(5000))));
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.type()).endsWith("/limit-reached");
        OpenApiContract.assertMatches("Problem", full.body());
        assertThat(ann.get("/api/boards/" + board).body().path("imageCount").asInt()).isEqualTo(5000);
        assertThat(ann.put("/api/boards/" + board + "/order", Map.of("imageIds", many.subList(0, 5000).reversed())).status())
                .as("the order of a whole full board fits one request").isEqualTo(204);
        assertThat(ann.get("/api/boards/" + board + "/images?limit=1").body().path("items").get(0).path("image").path("id").asText())
                .isEqualTo(many.get(4999));

        db.sql("insert into boards (owner_id, name) select ?::uuid, 'b' || n from generate_series(1, 998) n").param(owner).update();
        Answer tooManyBoards = ann.post("/api/boards", Map.of("name", "one too many"));
        assertThat(tooManyBoards.status()).isEqualTo(409);
        assertThat(tooManyBoards.type()).endsWith("/limit-reached");
    }

    /** Concurrent adds to one board queue on the board's row: positions stay unique and no add is lost. */
    @Test
    void concurrentAddsToOneBoardLoseNothing() throws Exception {
        ApiClient ann = api().newUser();
        String board = board(ann, "Busy");
        String owner = ann.userId();
        List<String> images = db.sql("""
                        insert into images (owner_id, sha256, status, format, width, height, bytes)
                        select ?::uuid, sha256((gen_random_uuid())::text::bytea), 'failed', 'png', 1, 1, 1 from generate_series(1, 120)
                        returning id::text""").param(owner).query(String.class).list();
        List<Thread> threads = new ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            List<String> mine = images.subList(t * 15, t * 15 + 15);
            threads.add(Thread.startVirtualThread(() -> {
                for (String image : mine) {
                    statuses.add(ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(image))).status());
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(statuses).hasSize(120).containsOnly(200);
        assertThat(boardOrder(ann, board, 100)).hasSize(120).doesNotHaveDuplicates();
    }

    private String saved(ApiClient user) throws InterruptedException {
        String id = user.upload("/api/save", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        awaitSettled(user, id, Duration.ofSeconds(60));
        return id;
    }

    static String board(ApiClient owner, String name) {
        Answer created = owner.post("/api/boards", Map.of("name", name));
        assertThat(created.status()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    /** Every image id on the board in board order, read page by page. */
    static List<String> boardOrder(ApiClient user, String board, int pageSize) {
        List<String> order = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = user.get("/api/boards/" + board + "/images?limit=" + pageSize + "&cursor=" + cursor).body();
            page.path("items").forEach(item -> order.add(item.path("image").path("id").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return order;
    }

    static List<String> ids(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false).map(item -> item.path("id").asText()).toList();
    }
}

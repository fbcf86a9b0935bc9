package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.local.ApiClient.Answer;

/**
 * {@code GET /api/images?q=&board=&format=&savedAfter=&savedBefore=} and {@code GET /api/shares/received?q=}: what
 * finds an image (its words, its hosts, the owner's note, its boards' names), in what order, page by page, and
 * what is refused.
 */
class SearchTest extends LocalRuntimeTest {

    @Autowired
    JdbcClient db;

    @Test
    void findsImagesByWordPrefixesHostsAndNoteNewestFirst() {
        ApiClient user = api().newUser();
        String kite = save(user, "pageTitle=Red%20kite%20over%20the%20moor&alt=bird%20of%20prey"
                + "&pageUrl=https%3A%2F%2Fbirds.example.org%2Fkites", "image/jpeg");
        String harbour = save(user, "pageTitle=Harbour%20at%20dusk&pageUrl=https%3A%2F%2Fwww.example.com%2Fx"
                + "&sourceUrl=https%3A%2F%2Fcdn.images.net%2Fh.jpg&filename=IMG_2041.jpg", "image/jpeg");
        String surf = save(user, "pageTitle=Kitesurfing%20in%20Tarifa&pageUrl=https%3A%2F%2Fsurf.test%2F", "image/png");
        String beach = save(user, "pageTitle=Beach", "image/jpeg");
        assertThat(patch(user, beach, "{\"note\": \"Remember the kite festival!\"}").status()).isEqualTo(200);

        assertThat(search(user, "kite")).containsExactly(beach, surf, kite);
        assertThat(search(user, "\"Red KITE!\"")).containsExactly(kite);
        assertThat(search(user, "kite prey")).containsExactly(kite);
        assertThat(search(user, "site:example.org")).containsExactly(kite);
        assertThat(search(user, "site:EXAMPLE.org kite")).containsExactly(kite);
        assertThat(search(user, "site:images.net")).containsExactly(harbour);
        assertThat(search(user, "example")).containsExactly(harbour, kite);
        assertThat(search(user, "img_2041")).containsExactly(harbour);
        assertThat(search(user, "festival")).containsExactly(beach);
        assertThat(search(user, "kite site:surf.test")).containsExactly(surf);
        assertThat(search(user, "seagull")).isEmpty();
        assertThat(ids(user.get("/api/images?q=kite&format=png"))).containsExactly(surf);
        assertThat(ids(user.get("/api/images?q=%20%21%21%20"))).containsExactly(beach, surf, harbour, kite);

        ApiClient stranger = api().newUser();
        String own = save(stranger, "pageTitle=Kite%20shop", "image/jpeg");
        assertThat(search(stranger, "kite")).containsExactly(own);
    }

    @Test
    void pagesThroughMatchesByCursor() {
        ApiClient user = api().newUser();
        List<String> saved = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            saved.addFirst(save(user, "pageTitle=Lighthouse%20" + i, "image/jpeg"));
            save(user, "pageTitle=Windmill%20" + i, "image/jpeg");
        }
        List<String> walked = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = user.get("/api/images?q=lighthouse&limit=2&cursor=" + cursor).body();
            OpenApiContract.assertMatches("ImagePage", page);
            page.path("items").forEach(item -> walked.add(item.path("id").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(walked).isEqualTo(saved);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void filtersBySaveTimeAndFormat() {
        ApiClient user = api().newUser();
        save(user, "", "image/jpeg");
        Answer second = user.upload("/api/save", TestJpegs.small(), "image/jpeg");
        String third = save(user, "", "image/png");
        String from = second.body().path("savedAt").asText();
        String until = user.get("/api/images/" + third).body().path("savedAt").asText();

        assertThat(ids(user.get("/api/images?savedAfter=" + encode(from)))).containsExactly(third, second.body().path("id").asText());
        assertThat(ids(user.get("/api/images?savedAfter=" + encode(from) + "&savedBefore=" + encode(until))))
                .containsExactly(second.body().path("id").asText());
        assertThat(ids(user.get("/api/images?format=PNG"))).containsExactly(third);
        assertThat(ids(user.get("/api/images?format=gif"))).isEmpty();
    }

    @Test
    void refusesParametersItCannotMean() {
        ApiClient user = api().newUser();
        save(user, "", "image/jpeg");
        for (String query : List.of("format=bmp", "savedAfter=yesterday", "savedBefore=2025-06-01",
                "savedAfter=2025-06-02T00:00:00Z&savedBefore=2025-06-01T00:00:00Z", "q=" + "a".repeat(201),
                "q=site%3A", "q=site%3Aexa%27mple.org", "q=a%00b", "q=kite&limit=0", "q=kite&cursor=nonsense")) {
            Answer answer = user.get("/api/images?" + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            OpenApiContract.assertMatches("Problem", answer.body());
            assertThat(answer.type()).endsWith("/validation");
        }
        assertThat(user.get("/api/shares/received?q=site%3A").status()).isEqualTo(400);
    }

    @Test
    void searchesSharedWithMeByTheImageButNeverByItsOwnersNote() {
        ApiClient ann = api().newUser();
        ApiClient bob = api().newUser();
        ann.post("/api/friends/requests", Map.of("username", bob.username()));
        bob.post("/api/friends/requests", Map.of("username", ann.username()));
        String windmill = save(ann, "pageTitle=Windmill%20at%20Kinderdijk&pageUrl=https%3A%2F%2Fholland.example%2F", "image/jpeg");
        String other = save(ann, "pageTitle=Tulip%20field", "image/jpeg");
        assertThat(patch(ann, windmill, "{\"note\": \"secret tulip plans\"}").status()).isEqualTo(200);
        for (String image : List.of(windmill, other)) {
            assertThat(ann.post("/api/shares", Map.of("imageId", image, "friendIds", List.of(bob.userId()))).status())
                    .isEqualTo(200);
        }

        Answer found = bob.get("/api/shares/received?q=windmill");
        OpenApiContract.assertMatches("ReceivedPage", found.body());
        assertThat(receivedIds(found)).containsExactly(windmill);
        assertThat(found.body().path("items").get(0).path("image").path("note").isNull()).isTrue();
        assertThat(receivedIds(bob.get("/api/shares/received?q=site%3Aholland.example"))).containsExactly(windmill);
        assertThat(receivedIds(bob.get("/api/shares/received?q=tulip"))).as("the note is Ann's alone").containsExactly(other);
        assertThat(receivedIds(bob.get("/api/shares/received"))).containsExactly(other, windmill);
        assertThat(search(ann, "tulip")).containsExactly(other, windmill);
    }

    /** Boards are made in the database here: their API comes with the boards branch; the schema (V8) is on main. */
    @Test
    void filtersByBoardAndFindsImagesByTheNamesOfTheirBoards() {
        ApiClient ann = api().newUser();
        ApiClient bob = api().newUser();
        String one = save(ann, "pageTitle=One", "image/jpeg");
        save(ann, "pageTitle=Two", "image/jpeg");
        String three = save(ann, "pageTitle=Three", "image/jpeg");
        UUID board = db.sql("insert into boards (owner_id, name) values (?::uuid, 'Trip to Rome') returning id")
                .param(ann.userId()).query(UUID.class).single();
        db.sql("insert into board_images (board_id, image_id, position) values (?, ?::uuid, 1), (?, ?::uuid, 2)")
                .params(board, one, board, three).update();

        assertThat(ids(ann.get("/api/images?board=" + board))).containsExactly(three, one);
        assertThat(ids(ann.get("/api/images?board=" + board + "&q=thr"))).containsExactly(three);
        assertThat(search(ann, "rome")).containsExactly(three, one);
        db.sql("update boards set name = 'Paris in spring' where id = ?").param(board).update();
        assertThat(search(ann, "rome")).isEmpty();
        assertThat(search(ann, "paris")).containsExactly(three, one);
        db.sql("delete from board_images where image_id = ?::uuid").param(one).update();
        assertThat(search(ann, "paris")).containsExactly(three);

        Answer hidden = bob.get("/api/images?board=" + board);
        assertThat(hidden.status()).as("a board Bob can't see is absent").isEqualTo(404);
        OpenApiContract.assertMatches("Problem", hidden.body());
        db.sql("insert into board_members (board_id, user_id, role) values (?, ?::uuid, 'viewer')").params(board, bob.userId()).update();
        assertThat(ids(bob.get("/api/images?board=" + board))).as("a member sees the board, but only his own images on it").isEmpty();
        assertThat(ann.get("/api/images?board=not-a-board").status()).isEqualTo(400);
        db.sql("delete from boards where id = ?").param(board).update();
        assertThat(search(ann, "paris")).isEmpty();
    }

    private static String save(ApiClient user, String query, String contentType) {
        byte[] bytes = contentType.equals("image/png") ? TestJpegs.uniquePng(16, 12) : TestJpegs.small();
        Answer saved = user.upload("/api/save?" + query, bytes, contentType);
        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(201);
        return saved.body().path("id").asText();
    }

    static Answer patch(ApiClient user, String id, String json) {
        return user.send("PATCH", "/api/images/" + id, "application/json", BodyPublishers.ofString(json));
    }

    private static List<String> search(ApiClient user, String q) {
        Answer answer = user.get("/api/images?q=" + encode(q));
        assertThat(answer.status()).as(q + ": " + answer.body()).isEqualTo(200);
        OpenApiContract.assertMatches("ImagePage", answer.body());
        return ids(answer);
    }

    private static List<String> ids(Answer page) {
        assertThat(page.status()).as(String.valueOf(page.body())).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.body().path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static List<String> receivedIds(Answer page) {
        assertThat(page.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.body().path("items").forEach(item -> ids.add(item.path("image").path("id").asText()));
        return ids;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

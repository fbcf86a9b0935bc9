package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.local.ApiClient.Answer;

/**
 * Who may do what to a board, every cell asserted. Actors: the owner (O), a contributor (C), a viewer (V), a
 * friend of the owner who is not a member (F), a stranger (S), anonymous (A). The board holds one image of O's
 * ({O's}) and one C added ({C's}); it has a public link. States: both members in; both left; the owner unfriended
 * both; the board deleted; O's image deleted from O's gallery. A list reads "200+" when the board is listed,
 * "200-" when not; a board's images "200OC", "200O", "200C" by which of the two are on it. Rows run top to
 * bottom, the owner last in each row ({@link MatrixTable}); a call whose success would change the next actor's
 * answer (two actors may succeed in some rows) is undone after it succeeds ({@link #undone}), so every actor of
 * a row meets the same board.
 */
class BoardsAuthorizationMatrixTest extends LocalRuntimeTest {

    static final String MATRIX = """
            # call                          state        O      C      V      F      S      A
            GET /api/boards                 member       200+   200+   200+   200-   200-   401
            GET /api/boards                 left         200+   200-   200-   200-   200-   401
            GET /api/boards                 unfriended   200+   200-   200-   200-   200-   401
            GET /api/boards                 board-gone   200-   200-   200-   200-   200-   401
            GET /api/boards                 image-gone   200+   200+   200+   200-   200-   401
            GET /api/boards/{id}            member       200    200    200    404    404    401
            GET /api/boards/{id}            left         200    404    404    404    404    401
            GET /api/boards/{id}            unfriended   200    404    404    404    404    401
            GET /api/boards/{id}            board-gone   404    404    404    404    404    401
            GET /api/boards/{id}            image-gone   200    200    200    404    404    401
            GET /{id}/images                member       200OC  200OC  200OC  404    404    401
            GET /{id}/images                left         200O   404    404    404    404    401
            GET /{id}/images                unfriended   200O   404    404    404    404    401
            GET /{id}/images                board-gone   404    404    404    404    404    401
            GET /{id}/images                image-gone   200C   200C   200C   404    404    401
            GET /{id}/members               member       200    200    200    404    404    401
            GET /{id}/members               left         200    404    404    404    404    401
            GET /{id}/members               unfriended   200    404    404    404    404    401
            GET /{id}/members               board-gone   404    404    404    404    404    401
            GET /{id}/members               image-gone   200    200    200    404    404    401
            GET /api/images/{O's}           member       200    404    404    404    404    401
            GET /api/images/{O's}           left         200    404    404    404    404    401
            GET /api/images/{O's}           unfriended   200    404    404    404    404    401
            GET /api/images/{O's}           board-gone   200    404    404    404    404    401
            GET /api/images/{O's}           image-gone   404    404    404    404    404    401
            GET /api/images/{C's}           member       404    200    404    404    404    401
            GET /api/images/{C's}           left         404    200    404    404    404    401
            GET /api/images/{C's}           unfriended   404    200    404    404    404    401
            GET /api/images/{C's}           board-gone   404    200    404    404    404    401
            GET /api/images/{C's}           image-gone   404    200    404    404    404    401
            GET /s/{token}                  member       200    200    200    200    200    200
            GET /s/{token}                  left         200    200    200    200    200    200
            GET /s/{token}                  unfriended   200    200    200    200    200    200
            GET /s/{token}                  board-gone   404    404    404    404    404    404
            GET /s/{token}                  image-gone   200    200    200    200    200    200
            GET /s/{token}/preview          member       200    200    200    200    200    200
            GET /s/{token}/preview          left         200    200    200    200    200    200
            GET /s/{token}/preview          unfriended   200    200    200    200    200    200
            GET /s/{token}/preview          board-gone   404    404    404    404    404    404
            GET /s/{token}/preview          image-gone   200    200    200    200    200    200
            GET /s/{token}/images/{O's}     member       200    200    200    200    200    200
            GET /s/{token}/images/{O's}     left         200    200    200    200    200    200
            GET /s/{token}/images/{O's}     unfriended   200    200    200    200    200    200
            GET /s/{token}/images/{O's}     board-gone   404    404    404    404    404    404
            GET /s/{token}/images/{O's}     image-gone   404    404    404    404    404    404
            GET /s/{token}/images/{C's}     member       200    200    200    200    200    200
            GET /s/{token}/images/{C's}     left         404    404    404    404    404    404
            GET /s/{token}/images/{C's}     unfriended   404    404    404    404    404    404
            GET /s/{token}/images/{C's}     board-gone   404    404    404    404    404    404
            GET /s/{token}/images/{C's}     image-gone   200    200    200    200    200    200
            PATCH /api/boards/{id}          member       200    403    403    404    404    401
            PATCH /api/boards/{id}          left         200    404    404    404    404    401
            PATCH /api/boards/{id}          unfriended   200    404    404    404    404    401
            PATCH /api/boards/{id}          board-gone   404    404    404    404    404    401
            PATCH /api/boards/{id}          image-gone   200    403    403    404    404    401
            PUT /{id}/order [O's]           member       204    204    403    404    404    401
            PUT /{id}/order [O's]           left         204    404    404    404    404    401
            PUT /{id}/order [O's]           unfriended   204    404    404    404    404    401
            PUT /{id}/order [O's]           board-gone   404    404    404    404    404    401
            PUT /{id}/order [O's]           image-gone   400    400    403    404    404    401
            POST /{id}/images [own]         member       200    200    403    404    404    401
            POST /{id}/images [own]         left         200    404    404    404    404    401
            POST /{id}/images [own]         unfriended   200    404    404    404    404    401
            POST /{id}/images [own]         board-gone   404    404    404    404    404    401
            POST /{id}/images [own]         image-gone   200    200    403    404    404    401
            POST /{id}/images [O's]         member       200    404    403    404    404    401
            POST /{id}/images [O's]         left         200    404    404    404    404    401
            POST /{id}/images [O's]         unfriended   200    404    404    404    404    401
            POST /{id}/images [O's]         board-gone   404    404    404    404    404    401
            POST /{id}/images [O's]         image-gone   404    404    403    404    404    401
            DELETE /{id}/images/{C's}       member       204    204    403    404    404    401
            DELETE /{id}/images/{C's}       left         404    404    404    404    404    401
            DELETE /{id}/images/{C's}       unfriended   404    404    404    404    404    401
            DELETE /{id}/images/{C's}       board-gone   404    404    404    404    404    401
            DELETE /{id}/images/{C's}       image-gone   204    204    403    404    404    401
            DELETE /{id}/images/{O's}       member       204    403    403    404    404    401
            DELETE /{id}/images/{O's}       left         204    404    404    404    404    401
            DELETE /{id}/images/{O's}       unfriended   204    404    404    404    404    401
            DELETE /{id}/images/{O's}       board-gone   404    404    404    404    404    401
            DELETE /{id}/images/{O's}       image-gone   404    404    404    404    404    401
            POST /{id}/members {F}          member       200    403    403    404    404    401
            POST /{id}/members {F}          left         200    404    404    404    404    401
            POST /{id}/members {F}          unfriended   200    404    404    404    404    401
            POST /{id}/members {F}          board-gone   404    404    404    404    404    401
            POST /{id}/members {F}          image-gone   200    403    403    404    404    401
            POST /{id}/members {S}          member       400    403    403    404    404    401
            POST /{id}/members {S}          left         400    404    404    404    404    401
            POST /{id}/members {S}          unfriended   400    404    404    404    404    401
            POST /{id}/members {S}          board-gone   404    404    404    404    404    401
            POST /{id}/members {S}          image-gone   400    403    403    404    404    401
            POST /{id}/members {C}          member       200    403    403    404    404    401
            POST /{id}/members {C}          left         200    404    404    404    404    401
            POST /{id}/members {C}          unfriended   400    404    404    404    404    401
            POST /{id}/members {C}          board-gone   404    404    404    404    404    401
            POST /{id}/members {C}          image-gone   200    403    403    404    404    401
            DELETE /{id}/members/{V}        member       204    403    204    404    404    401
            DELETE /{id}/members/{V}        left         404    404    404    404    404    401
            DELETE /{id}/members/{V}        unfriended   404    404    404    404    404    401
            DELETE /{id}/members/{V}        board-gone   404    404    404    404    404    401
            DELETE /{id}/members/{V}        image-gone   204    403    204    404    404    401
            POST /api/links {board}         member       201    403    403    404    404    401
            POST /api/links {board}         left         201    404    404    404    404    401
            POST /api/links {board}         unfriended   201    404    404    404    404    401
            POST /api/links {board}         board-gone   404    404    404    404    404    401
            POST /api/links {board}         image-gone   201    403    403    404    404    401
            GET /api/links?boardId          member       200    403    403    404    404    401
            GET /api/links?boardId          left         200    404    404    404    404    401
            GET /api/links?boardId          unfriended   200    404    404    404    404    401
            GET /api/links?boardId          board-gone   404    404    404    404    404    401
            GET /api/links?boardId          image-gone   200    403    403    404    404    401
            DELETE /api/links/{link}        member       204    404    404    404    404    401
            DELETE /api/links/{link}        left         204    404    404    404    404    401
            DELETE /api/links/{link}        unfriended   204    404    404    404    404    401
            DELETE /api/links/{link}        board-gone   404    404    404    404    404    401
            DELETE /api/links/{link}        image-gone   204    404    404    404    404    401
            DELETE /api/boards/{id}         member       204    403    403    404    404    401
            DELETE /api/boards/{id}         left         204    404    404    404    404    401
            DELETE /api/boards/{id}         unfriended   204    404    404    404    404    401
            DELETE /api/boards/{id}         board-gone   404    404    404    404    404    401
            DELETE /api/boards/{id}         image-gone   204    403    403    404    404    401
            """;

    static final List<String> ACTORS = List.of("O", "C", "V", "F", "S", "A");

    @Autowired
    JdbcClient db;

    /** One owner's board with an image of the owner's and one of the contributor's, a link, and the other actors. */
    record World(Map<String, ApiClient> actors, Map<String, String> userIds, Map<String, String> ownImages,
            String board, String ownersImage, String contributorsImage, String linkId, String token) {
    }

    final Map<String, BiFunction<World, ApiClient, String>> calls = new LinkedHashMap<>();

    {
        calls.put("GET /api/boards", (w, a) -> listed(a.get("/api/boards"), w.board()));
        calls.put("GET /api/boards/{id}", (w, a) -> status(a.get("/api/boards/" + w.board())));
        calls.put("GET /{id}/images", (w, a) -> images(a.get("/api/boards/" + w.board() + "/images?limit=100"), w));
        calls.put("GET /{id}/members", (w, a) -> status(a.get("/api/boards/" + w.board() + "/members")));
        calls.put("GET /api/images/{O's}", (w, a) -> status(a.get("/api/images/" + w.ownersImage())));
        calls.put("GET /api/images/{C's}", (w, a) -> status(a.get("/api/images/" + w.contributorsImage())));
        calls.put("GET /s/{token}", (w, a) -> status(a.get("/s/" + w.token())));
        calls.put("GET /s/{token}/preview", (w, a) -> status(a.get("/s/" + w.token() + "/preview")));
        calls.put("GET /s/{token}/images/{O's}", (w, a) -> status(a.get("/s/" + w.token() + "/images/" + w.ownersImage())));
        calls.put("GET /s/{token}/images/{C's}", (w, a) -> status(a.get("/s/" + w.token() + "/images/" + w.contributorsImage())));
        calls.put("PATCH /api/boards/{id}", (w, a) -> status(a.patch("/api/boards/" + w.board(), Map.of("name", "Renamed"))));
        calls.put("PUT /{id}/order [O's]", (w, a) -> status(a.put("/api/boards/" + w.board() + "/order",
                Map.of("imageIds", List.of(w.ownersImage())))));
        calls.put("POST /{id}/images [own]", (w, a) -> status(a.post("/api/boards/" + w.board() + "/images",
                Map.of("imageIds", List.of(w.ownImages().get(actor(w, a)))))));
        calls.put("POST /{id}/images [O's]", (w, a) -> status(a.post("/api/boards/" + w.board() + "/images",
                Map.of("imageIds", List.of(w.ownersImage())))));
        calls.put("DELETE /{id}/images/{C's}", (w, a) -> undone(w, () -> status(a.delete("/api/boards/" + w.board()
                + "/images/" + w.contributorsImage()))));
        calls.put("DELETE /{id}/images/{O's}", (w, a) -> status(a.delete("/api/boards/" + w.board() + "/images/" + w.ownersImage())));
        calls.put("POST /{id}/members {F}", (w, a) -> undone(w, () -> status(a.post("/api/boards/" + w.board() + "/members",
                Map.of("userId", w.userIds().get("F"), "role", "viewer")))));
        calls.put("POST /{id}/members {S}", (w, a) -> status(a.post("/api/boards/" + w.board() + "/members",
                Map.of("userId", w.userIds().get("S"), "role", "viewer"))));
        calls.put("POST /{id}/members {C}", (w, a) -> undone(w, () -> status(a.post("/api/boards/" + w.board() + "/members",
                Map.of("userId", w.userIds().get("C"), "role", "contributor")))));
        calls.put("DELETE /{id}/members/{V}", (w, a) -> undone(w, () -> status(a.delete("/api/boards/" + w.board()
                + "/members/" + w.userIds().get("V")))));
        calls.put("POST /api/links {board}", (w, a) -> status(a.post("/api/links", Map.of("boardId", w.board()))));
        calls.put("GET /api/links?boardId", (w, a) -> status(a.get("/api/links?boardId=" + w.board())));
        calls.put("DELETE /api/links/{link}", (w, a) -> status(a.delete("/api/links/" + w.linkId())));
        calls.put("DELETE /api/boards/{id}", (w, a) -> status(a.delete("/api/boards/" + w.board())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"member", "left", "unfriended", "board-gone", "image-gone"})
    void everyCellOfTheMatrixHolds(String state) throws Exception {
        World world = world();
        enter(state, world);
        MatrixTable.assertEveryCell(MATRIX, state, ACTORS, world.actors(), calls, world);
    }

    private World world() throws Exception {
        // Each actor from an address of its own: the misses this matrix provokes stay under the guess limit.
        Map<String, ApiClient> actors = new LinkedHashMap<>();
        for (String actor : List.of("O", "C", "V", "F", "S")) {
            actors.put(actor, visitor().newUser());
        }
        actors.put("A", visitor());
        ApiClient owner = actors.get("O");
        for (String friend : List.of("C", "V", "F")) {
            befriend(owner, actors.get(friend));
        }
        Map<String, String> userIds = new LinkedHashMap<>();
        Map<String, String> ownImages = new LinkedHashMap<>();
        for (String actor : List.of("O", "C", "V", "F", "S")) {
            userIds.put(actor, actors.get(actor).userId());
            ownImages.put(actor, actors.get(actor).upload("/api/save", TestJpegs.small(), "image/jpeg").body().path("id").asText());
        }
        ownImages.put("A", ownImages.get("O"));
        String ownersImage = settled(owner);
        String contributorsImage = settled(actors.get("C"));
        String board = BoardsTest.board(owner, "Matrix");
        assertThat(owner.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(ownersImage))).status()).isEqualTo(200);
        assertThat(owner.post("/api/boards/" + board + "/members", Map.of("userId", userIds.get("C"), "role", "contributor"))
                .status()).isEqualTo(200);
        assertThat(owner.post("/api/boards/" + board + "/members", Map.of("userId", userIds.get("V"), "role", "viewer"))
                .status()).isEqualTo(200);
        assertThat(actors.get("C").post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(contributorsImage)))
                .status()).isEqualTo(200);
        JsonNode link = owner.post("/api/links", Map.of("boardId", board)).body();
        return new World(actors, userIds, ownImages, board, ownersImage, contributorsImage, link.path("id").asText(),
                link.path("token").asText());
    }

    private void enter(String state, World world) {
        ApiClient owner = world.actors().get("O");
        switch (state) {
            case "member" -> { }
            case "left" -> {
                for (String member : List.of("C", "V")) {
                    assertThat(world.actors().get(member).delete("/api/boards/" + world.board() + "/members/"
                            + world.userIds().get(member)).status()).isEqualTo(204);
                }
            }
            case "unfriended" -> {
                for (String member : List.of("C", "V")) {
                    assertThat(owner.delete("/api/friends/" + world.userIds().get(member)).status()).isEqualTo(204);
                }
            }
            case "board-gone" -> assertThat(owner.delete("/api/boards/" + world.board()).status()).isEqualTo(204);
            case "image-gone" -> assertThat(owner.delete("/api/images/" + world.ownersImage()).status()).isEqualTo(204);
            default -> throw new IllegalArgumentException(state);
        }
    }

    private String settled(ApiClient user) throws InterruptedException {
        String id = user.upload("/api/save", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        awaitSettled(user, id, Duration.ofSeconds(60));
        return id;
    }

    /**
     * Runs a call that changes the board's images or members, and when it succeeds puts the board's images and
     * members back as they were, so that the next actor of the row meets the same board.
     */
    private String undone(World world, java.util.function.Supplier<String> call) {
        List<Map<String, Object>> images = db.sql("select image_id, position from board_images where board_id = ?::uuid")
                .param(world.board()).query().listOfRows();
        List<Map<String, Object>> members = db.sql("select user_id, role from board_members where board_id = ?::uuid")
                .param(world.board()).query().listOfRows();
        String status = call.get();
        if (status.startsWith("2")) {
            db.sql("delete from board_members where board_id = ?::uuid").param(world.board()).update();
            for (Map<String, Object> member : members) {
                db.sql("insert into board_members (board_id, user_id, role) values (?::uuid, ?, ?)")
                        .params(world.board(), member.get("user_id"), member.get("role")).update();
            }
            db.sql("delete from board_images where board_id = ?::uuid").param(world.board()).update();
            for (Map<String, Object> image : images) {
                db.sql("insert into board_images (board_id, image_id, position) values (?::uuid, ?, ?)")
                        .params(world.board(), image.get("image_id"), image.get("position")).update();
            }
        }
        return status;
    }

    private static String actor(World world, ApiClient client) {
        return world.actors().entrySet().stream().filter(e -> e.getValue() == client).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private static String status(Answer answer) {
        return String.valueOf(answer.status());
    }

    private static String listed(Answer answer, String boardId) {
        if (answer.status() != 200) {
            return status(answer);
        }
        boolean found = false;
        for (JsonNode item : answer.body().path("items")) {
            found |= item.path("id").asText().equals(boardId);
        }
        return found ? "200+" : "200-";
    }

    private static String images(Answer answer, World world) {
        if (answer.status() != 200) {
            return status(answer);
        }
        List<String> ids = new ArrayList<>();
        answer.body().path("items").forEach(item -> ids.add(item.path("image").path("id").asText()));
        String which = (ids.contains(world.ownersImage()) ? "O" : "") + (ids.contains(world.contributorsImage()) ? "C" : "");
        return "200" + Optional.of(which).filter(w -> !w.isEmpty()).orElse("-");
    }
}

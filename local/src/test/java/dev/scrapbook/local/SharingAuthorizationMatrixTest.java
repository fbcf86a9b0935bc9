package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.local.ApiClient.Answer;

/**
 * Who may do what to a shared image, every cell asserted. Actors: the owner (O), the friend it is shared
 * with (F), a friend it is not shared with (N), a stranger (S), anonymous (A). States: shared, link revoked,
 * link expired, owner unfriended F, image deleted. A list call reads "200+" when the image is listed and
 * "200-" when not. Rows run top to bottom, so the calls that change something come last, in an order where
 * each one's success does not change the expectations of the rows before it; within a row the owner goes last.
 */
class SharingAuthorizationMatrixTest extends LocalRuntimeTest {

    static final String MATRIX = """
            # call                          state       O     F     N     S     A
            GET /api/images/{id}            shared      200   404   404   404   401
            GET /api/images/{id}            revoked     200   404   404   404   401
            GET /api/images/{id}            expired     200   404   404   404   401
            GET /api/images/{id}            unfriended  200   404   404   404   401
            GET /api/images/{id}            deleted     404   404   404   404   401
            GET /api/images                 shared      200+  200-  200-  200-  401
            GET /api/images                 revoked     200+  200-  200-  200-  401
            GET /api/images                 expired     200+  200-  200-  200-  401
            GET /api/images                 unfriended  200+  200-  200-  200-  401
            GET /api/images                 deleted     200-  200-  200-  200-  401
            GET /api/shares?imageId         shared      200   404   404   404   401
            GET /api/shares?imageId         revoked     200   404   404   404   401
            GET /api/shares?imageId         expired     200   404   404   404   401
            GET /api/shares?imageId         unfriended  200   404   404   404   401
            GET /api/shares?imageId         deleted     404   404   404   404   401
            GET /api/shares/received        shared      200-  200+  200-  200-  401
            GET /api/shares/received        revoked     200-  200+  200-  200-  401
            GET /api/shares/received        expired     200-  200+  200-  200-  401
            GET /api/shares/received        unfriended  200-  200-  200-  200-  401
            GET /api/shares/received        deleted     200-  200-  200-  200-  401
            GET /api/shares/received/{id}   shared      404   200   404   404   401
            GET /api/shares/received/{id}   revoked     404   200   404   404   401
            GET /api/shares/received/{id}   expired     404   200   404   404   401
            GET /api/shares/received/{id}   unfriended  404   404   404   404   401
            GET /api/shares/received/{id}   deleted     404   404   404   404   401
            GET /api/links?imageId          shared      200   404   404   404   401
            GET /api/links?imageId          revoked     200   404   404   404   401
            GET /api/links?imageId          expired     200   404   404   404   401
            GET /api/links?imageId          unfriended  200   404   404   404   401
            GET /api/links?imageId          deleted     404   404   404   404   401
            GET /s/{token}                  shared      200   200   200   200   200
            GET /s/{token}                  revoked     404   404   404   404   404
            GET /s/{token}                  expired     410   410   410   410   410
            GET /s/{token}                  unfriended  200   200   200   200   200
            GET /s/{token}                  deleted     404   404   404   404   404
            GET /s/{token}/preview          shared      200   200   200   200   200
            GET /s/{token}/preview          revoked     404   404   404   404   404
            GET /s/{token}/preview          expired     404   404   404   404   404
            GET /s/{token}/preview          unfriended  200   200   200   200   200
            GET /s/{token}/preview          deleted     404   404   404   404   404
            GET /s/{token}/original         shared      302   302   302   302   302
            GET /s/{token}/original         revoked     404   404   404   404   404
            GET /s/{token}/original         expired     404   404   404   404   404
            GET /s/{token}/original         unfriended  302   302   302   302   302
            GET /s/{token}/original         deleted     404   404   404   404   404
            GET /s/{other token}            shared      404   404   404   404   404
            GET /s/{other token}            revoked     404   404   404   404   404
            GET /s/{other token}            expired     404   404   404   404   404
            GET /s/{other token}            unfriended  404   404   404   404   404
            GET /s/{other token}            deleted     404   404   404   404   404
            POST /api/shares                shared      200   404   404   404   401
            POST /api/shares                revoked     200   404   404   404   401
            POST /api/shares                expired     200   404   404   404   401
            POST /api/shares                unfriended  400   404   404   404   401
            POST /api/shares                deleted     404   404   404   404   401
            POST /api/links                 shared      201   404   404   404   401
            POST /api/links                 revoked     201   404   404   404   401
            POST /api/links                 expired     201   404   404   404   401
            POST /api/links                 unfriended  201   404   404   404   401
            POST /api/links                 deleted     404   404   404   404   401
            POST /received/{id}/copy        shared      404   201   404   404   401
            POST /received/{id}/copy        revoked     404   201   404   404   401
            POST /received/{id}/copy        expired     404   201   404   404   401
            POST /received/{id}/copy        unfriended  404   404   404   404   401
            POST /received/{id}/copy        deleted     404   404   404   404   401
            DELETE /received/{id}           shared      404   204   404   404   401
            DELETE /received/{id}           revoked     404   204   404   404   401
            DELETE /received/{id}           expired     404   204   404   404   401
            DELETE /received/{id}           unfriended  404   404   404   404   401
            DELETE /received/{id}           deleted     404   404   404   404   401
            DELETE /api/shares/{id}/{F}     shared      204   404   404   404   401
            DELETE /api/shares/{id}/{F}     revoked     204   404   404   404   401
            DELETE /api/shares/{id}/{F}     expired     204   404   404   404   401
            DELETE /api/shares/{id}/{F}     unfriended  404   404   404   404   401
            DELETE /api/shares/{id}/{F}     deleted     404   404   404   404   401
            DELETE /api/links/{link}        shared      204   404   404   404   401
            DELETE /api/links/{link}        revoked     404   404   404   404   401
            DELETE /api/links/{link}        expired     204   404   404   404   401
            DELETE /api/links/{link}        unfriended  204   404   404   404   401
            DELETE /api/links/{link}        deleted     404   404   404   404   401
            DELETE /api/images/{id}         shared      204   404   404   404   401
            DELETE /api/images/{id}         revoked     204   404   404   404   401
            DELETE /api/images/{id}         expired     204   404   404   404   401
            DELETE /api/images/{id}         unfriended  204   404   404   404   401
            DELETE /api/images/{id}         deleted     404   404   404   404   401
            """;

    static final List<String> ACTORS = List.of("O", "F", "N", "S", "A");

    @Autowired
    JdbcClient db;

    /** One owner's shared image, its link, and the four other actors; A is anonymous. */
    record World(Map<String, ApiClient> actors, String imageId, String friendId, String linkId, String token) {
    }

    static final Map<String, BiFunction<World, ApiClient, String>> CALLS = new LinkedHashMap<>();

    static {
        CALLS.put("GET /api/images/{id}", (w, a) -> status(a.get("/api/images/" + w.imageId())));
        CALLS.put("GET /api/images", (w, a) -> listed(a.get("/api/images?limit=100"), w.imageId()));
        CALLS.put("GET /api/shares?imageId", (w, a) -> status(a.get("/api/shares?imageId=" + w.imageId())));
        CALLS.put("GET /api/shares/received", (w, a) -> listed(a.get("/api/shares/received?limit=100"), w.imageId()));
        CALLS.put("GET /api/shares/received/{id}", (w, a) -> status(a.get("/api/shares/received/" + w.imageId())));
        CALLS.put("GET /api/links?imageId", (w, a) -> status(a.get("/api/links?imageId=" + w.imageId())));
        CALLS.put("GET /s/{token}", (w, a) -> status(a.get("/s/" + w.token())));
        CALLS.put("GET /s/{token}/preview", (w, a) -> status(a.get("/s/" + w.token() + "/preview")));
        CALLS.put("GET /s/{token}/original", (w, a) -> status(a.get("/s/" + w.token() + "/original")));
        CALLS.put("GET /s/{other token}", (w, a) -> status(a.get("/s/" + new StringBuilder(w.token()).reverse())));
        CALLS.put("POST /api/shares", (w, a) -> status(a.post("/api/shares",
                Map.of("imageId", w.imageId(), "friendIds", List.of(w.friendId())))));
        CALLS.put("POST /api/links", (w, a) -> status(a.post("/api/links", Map.of("imageId", w.imageId()))));
        CALLS.put("POST /received/{id}/copy", (w, a) -> status(a.post("/api/shares/received/" + w.imageId() + "/copy", Map.of())));
        CALLS.put("DELETE /received/{id}", (w, a) -> status(a.delete("/api/shares/received/" + w.imageId())));
        CALLS.put("DELETE /api/shares/{id}/{F}", (w, a) -> status(a.delete("/api/shares/" + w.imageId() + "/recipients/" + w.friendId())));
        CALLS.put("DELETE /api/links/{link}", (w, a) -> status(a.delete("/api/links/" + w.linkId())));
        CALLS.put("DELETE /api/images/{id}", (w, a) -> status(a.delete("/api/images/" + w.imageId())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"shared", "revoked", "expired", "unfriended", "deleted"})
    void everyCellOfTheMatrixHolds(String state) throws Exception {
        World world = world();
        enter(state, world);
        MatrixTable.assertEveryCell(MATRIX, state, ACTORS, world.actors(), CALLS, world);
    }

    private World world() throws Exception {
        // Each actor from an address of its own: the misses this matrix provokes stay under the guess limit.
        ApiClient owner = visitor().newUser();
        ApiClient friend = visitor().newUser();
        ApiClient otherFriend = visitor().newUser();
        ApiClient stranger = visitor().newUser();
        for (ApiClient f : List.of(friend, otherFriend)) {
            owner.post("/api/friends/requests", Map.of("username", f.username()));
            f.post("/api/friends/requests", Map.of("username", owner.username()));
        }
        String imageId = owner.upload("/api/save", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        awaitSettled(owner, imageId, Duration.ofSeconds(60));
        String friendId = friend.userId();
        assertThat(owner.post("/api/shares", Map.of("imageId", imageId, "friendIds", List.of(friendId))).status()).isEqualTo(200);
        JsonNode link = owner.post("/api/links", Map.of("imageId", imageId, "includeOriginal", true)).body();
        Map<String, ApiClient> actors = Map.of("O", owner, "F", friend, "N", otherFriend, "S", stranger, "A", visitor());
        return new World(actors, imageId, friendId, link.path("id").asText(), link.path("token").asText());
    }

    private void enter(String state, World world) {
        ApiClient owner = world.actors().get("O");
        switch (state) {
            case "shared" -> { }
            case "revoked" -> assertThat(owner.delete("/api/links/" + world.linkId()).status()).isEqualTo(204);
            case "expired" -> db.sql("update share_links set expires_at = now() - interval '1 minute' where id = ?::uuid")
                    .param(world.linkId()).update();
            case "unfriended" -> assertThat(owner.delete("/api/friends/" + world.friendId()).status()).isEqualTo(204);
            case "deleted" -> assertThat(owner.delete("/api/images/" + world.imageId()).status()).isEqualTo(204);
            default -> throw new IllegalArgumentException(state);
        }
    }

    private static String status(Answer answer) {
        return String.valueOf(answer.status());
    }

    private static String listed(Answer answer, String imageId) {
        if (answer.status() != 200) {
            return status(answer);
        }
        boolean found = false;
        for (JsonNode item : answer.body().path("items")) {
            String id = item.has("image") ? item.path("image").path("id").asText() : item.path("id").asText();
            found |= id.equals(imageId);
        }
        return found ? "200+" : "200-";
    }
}

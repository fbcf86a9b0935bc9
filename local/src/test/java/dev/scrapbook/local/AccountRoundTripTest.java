package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.local.ApiClient.Answer;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;

/**
 * The round trip on the real services: export, delete the account, sign up again under the same name, import
 * the export; the same images come back (same SHA-256, byte for byte), with their provenance, titles, notes, saved
 * times and boards in their order, and their thumbnails are made again through the event path.
 */
class AccountRoundTripTest extends LocalRuntimeTest {

    private static final String PASSWORD = "correct horse battery";
    /** What an image carries that must come back; the id is new, and so are the presigned URLs. */
    private static final List<String> KEPT = List.of("title", "note", "sourceUrl", "pageUrl", "pageTitle", "alt", "savedAt",
            "format", "width", "height", "bytes");

    @Autowired
    ObjectStore store;

    @Autowired
    StorageSettings buckets;

    @Test
    void exportDeleteSignUpAgainImportGivesBackTheSameScrapbook() throws Exception {
        ApiClient ann = api().newUser();
        String kite = saved(ann.upload("/api/save?filename=kite.jpg&sourceUrl=https://example.org/img/kite.jpg"
                + "&pageUrl=https://example.org/beach&pageTitle=At%20the%20beach&alt=A%20red%20kite", TestJpegs.small(),
                "image/jpeg"));
        String dunes = saved(ann.upload("/api/save?title=Dunes", ExportImportTest.png(48, 32), "image/png"));
        String gull = saved(ann.upload("/api/save?filename=gull.jpg", TestJpegs.small(), "image/jpeg"));
        assertThat(SearchTest.patch(ann, kite, "{\"note\": \"the one that got away\"}").status()).isEqualTo(200);
        String board = ann.post("/api/boards", Map.of("name", "Coast", "description", "Weekend at the sea")).body()
                .path("id").asText();
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(kite, dunes, gull)));
        assertThat(ann.put("/api/boards/" + board + "/order", Map.of("imageIds", List.of(gull, kite, dunes))).status())
                .isEqualTo(204);
        ann.post("/api/boards", Map.of("name", "Empty for now"));
        Map<String, JsonNode> before = ExportImportTest.imagesBySha(ann);
        List<String> orderBefore = boardOrderBySha(ann, board, before);
        UUID firstAccount = UUID.fromString(ann.userId());

        Answer export = ann.get("/api/account/export");
        assertThat(export.status()).isEqualTo(200);
        byte[] archive = export.raw().body();
        assertThat(ann.delete("/api/account", Map.of("password", PASSWORD)).status()).isEqualTo(204);
        assertThat(api().post("/api/account/login", Map.of("username", ann.username(), "password", PASSWORD)).status())
                .isEqualTo(401);
        assertThat(store.list(buckets.originalsBucket(), StorageKeys.owner(firstAccount), 10)).isEmpty();
        ApiClient again = api().newUser(ann.username());
        assertThat(again.get("/api/images").body().path("items")).as("a new account starts empty").isEmpty();

        Answer imported = again.upload("/api/account/import", archive, "application/zip");

        assertThat(imported.status()).as(String.valueOf(imported.body())).isEqualTo(200);
        assertThat(imported.body().path("imported").asInt()).isEqualTo(3);
        assertThat(imported.body().path("refused")).isEmpty();
        Map<String, JsonNode> after = ExportImportTest.imagesBySha(again);
        assertThat(after.keySet()).as("the same originals, by SHA-256").isEqualTo(before.keySet());
        for (Map.Entry<String, JsonNode> image : before.entrySet()) {
            JsonNode back = after.get(image.getKey());
            for (String field : KEPT) {
                assertThat(back.path(field)).as(field + " of " + image.getValue().path("title")).isEqualTo(image.getValue().path(field));
            }
            assertThat(awaitSettled(again, back.path("id").asText(), Duration.ofSeconds(60)).path("status").asText())
                    .as("thumbnails made again").isEqualTo("ready");
        }
        Map<String, JsonNode> boards = new HashMap<>();
        again.get("/api/boards").body().path("items").forEach(b -> boards.put(b.path("name").asText(), b));
        assertThat(boards).containsOnlyKeys("Coast", "Empty for now");
        assertThat(boards.get("Coast").path("description").asText()).isEqualTo("Weekend at the sea");
        assertThat(boardOrderBySha(again, boards.get("Coast").path("id").asText(), after)).isEqualTo(orderBefore);
    }

    private static String saved(Answer answer) {
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(201);
        return answer.body().path("id").asText();
    }

    private static List<String> boardOrderBySha(ApiClient user, String boardId, Map<String, JsonNode> bySha) {
        Map<String, String> shaById = new HashMap<>();
        bySha.forEach((sha, image) -> shaById.put(image.path("id").asText(), sha));
        List<String> order = new ArrayList<>();
        user.get("/api/boards/" + boardId + "/images").body().path("items")
                .forEach(entry -> order.add(shaById.get(entry.path("image").path("id").asText())));
        return order;
    }
}

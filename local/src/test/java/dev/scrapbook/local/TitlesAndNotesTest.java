package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.local.ApiClient.Answer;

/** An uploaded file's name as the image's title; {@code PATCH /api/images/{id}} for title and note. */
class TitlesAndNotesTest extends LocalRuntimeTest {

    @Test
    void anUploadedFilesNameIsItsTitleUnlessOneIsGiven() {
        ApiClient user = api().newUser();
        assertThat(title(user.upload("/api/save?filename=IMG_2041.jpg", TestJpegs.small(), "image/jpeg"))).isEqualTo("IMG_2041.jpg");
        assertThat(title(user.upload("/api/save?filename=IMG_2042.jpg&title=Sunset%20over%20the%20bay",
                TestJpegs.small(), "image/jpeg"))).isEqualTo("Sunset over the bay");
        assertThat(title(user.upload("/api/save?filename=C%3A%5Cphotos%5Ccat.jpg", TestJpegs.small(), "image/jpeg")))
                .isEqualTo("cat.jpg");
        assertThat(title(user.upload("/api/save", TestJpegs.small(), "image/jpeg"))).isNull();
        Answer tooLong = user.upload("/api/save?filename=" + "a".repeat(513), TestJpegs.small(), "image/jpeg");
        assertThat(tooLong.status()).isEqualTo(400);
        OpenApiContract.assertMatches("Problem", tooLong.body());
    }

    @Test
    void aSaveByUrlTakesAGivenTitle() throws Exception {
        ApiClient user = api().newUser();
        Answer saved = user.post("/api/save", Map.of("imageUrl", WEB.site("/photos/" + photos().get(0).getFileName()),
                "title", "  Bridge at night "));
        assertThat(saved.status()).isEqualTo(201);
        assertThat(title(saved)).isEqualTo("Bridge at night");
    }

    @Test
    void patchSetsAndClearsTitleAndNoteOneAtATime() {
        ApiClient user = api().newUser();
        String id = user.upload("/api/save?filename=first.jpg", TestJpegs.small(), "image/jpeg").body().path("id").asText();

        Answer both = SearchTest.patch(user, id, "{\"title\": \" Kestrel \", \"note\": \"seen at the dunes\"}");
        assertThat(both.status()).isEqualTo(200);
        OpenApiContract.assertMatches("Image", both.body());
        assertThat(both.body().path("title").asText()).isEqualTo("Kestrel");
        assertThat(both.body().path("note").asText()).isEqualTo("seen at the dunes");

        Answer noteCleared = SearchTest.patch(user, id, "{\"note\": null}");
        assertThat(noteCleared.body().path("title").asText()).isEqualTo("Kestrel");
        assertThat(noteCleared.body().path("note").isNull()).isTrue();

        Answer mergePatch = user.send("PATCH", "/api/images/" + id, "application/merge-patch+json",
                BodyPublishers.ofString("{\"title\": \"   \", \"note\": \"again\"}"));
        assertThat(mergePatch.status()).isEqualTo(200);
        JsonNode now = user.get("/api/images/" + id).body();
        assertThat(now.path("title").isNull()).as("a blank title clears it").isTrue();
        assertThat(now.path("note").asText()).isEqualTo("again");
    }

    @Test
    void refusesABadChangeAndChangesNothing() {
        ApiClient user = api().newUser();
        String id = user.upload("/api/save?filename=kept.jpg", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        for (String body : List.of("[]", "\"title\"", "{}", "{\"title\": \"x\", \"tags\": [\"a\"]}", "{\"title\": 5}",
                "{\"note\": {\"text\": \"x\"}}", "{\"title\": \"" + "t".repeat(513) + "\"}",
                "{\"note\": \"" + "n".repeat(4001) + "\"}", "{\"note\": \"a\\u0000b\"}", "{\"title\": ")) {
            Answer answer = SearchTest.patch(user, id, body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            OpenApiContract.assertMatches("Problem", answer.body());
        }
        Answer plainText = user.send("PATCH", "/api/images/" + id, "text/plain", BodyPublishers.ofString("title"));
        assertThat(plainText.status()).isEqualTo(415);
        assertThat(user.get("/api/images/" + id).body().path("title").asText()).isEqualTo("kept.jpg");
    }

    @Test
    void onlyTheOwnerChangesAnImage() {
        ApiClient owner = api().newUser();
        String id = owner.upload("/api/save?filename=mine.jpg", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        ApiClient other = api().newUser();
        for (String path : List.of(id, "00000000-0000-0000-0000-000000000000", "not-an-id")) {
            Answer answer = SearchTest.patch(other, path, "{\"title\": \"theirs now\"}");
            assertThat(answer.status()).as(path).isEqualTo(404);
            OpenApiContract.assertMatches("Problem", answer.body());
        }
        assertThat(SearchTest.patch(api(), id, "{\"title\": \"anyone\"}").status()).isEqualTo(401);
        assertThat(owner.get("/api/images/" + id).body().path("title").asText()).isEqualTo("mine.jpg");
    }

    private static String title(Answer saved) {
        assertThat(saved.status()).as(String.valueOf(saved.body())).isIn(200, 201);
        OpenApiContract.assertMatches("Image", saved.body());
        JsonNode title = saved.body().path("title");
        return title.isNull() ? null : title.asText();
    }
}

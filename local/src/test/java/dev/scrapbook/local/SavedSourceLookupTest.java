package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.scrapbook.local.ApiClient.Answer;

/** {@code POST /api/images/lookup}: the extension's picker learns which of a page's images are saved already. */
class SavedSourceLookupTest extends LocalRuntimeTest {

    @Test
    void answersOnlyTheCallersSavedUrls() throws Exception {
        ApiClient owner = api().newUser();
        String saved = WEB.site("/photos/" + photos().get(0).getFileName());
        String other = WEB.site("/photos/never-saved.jpg");
        Answer save = owner.post("/api/save", Map.of("imageUrl", saved));
        assertThat(save.status()).isEqualTo(201);

        Answer mine = owner.post("/api/images/lookup", Map.of("sourceUrls", List.of(saved, other, saved)));
        assertThat(mine.status()).isEqualTo(200);
        OpenApiContract.assertMatches("SavedSources", mine.body());
        assertThat(mine.body().path("saved")).hasSize(1);
        assertThat(mine.body().path("saved").get(0).path("sourceUrl").asText()).isEqualTo(saved);
        assertThat(mine.body().path("saved").get(0).path("id").asText()).isEqualTo(save.body().path("id").asText());

        Answer someoneElse = api().newUser().post("/api/images/lookup", Map.of("sourceUrls", List.of(saved)));
        assertThat(someoneElse.status()).isEqualTo(200);
        assertThat(someoneElse.body().path("saved")).isEmpty();
    }

    @Test
    void refusesTooManyMissingOrBlankUrls() {
        ApiClient user = api().newUser();
        List<String> tooMany = IntStream.rangeClosed(0, 500).mapToObj(i -> "https://example.org/" + i + ".jpg").toList();
        for (Object body : List.of(Map.of("sourceUrls", tooMany), Map.of(), Map.of("sourceUrls", List.of(" ")),
                Map.of("sourceUrls", Collections.nCopies(1, "https://example.org/" + "a".repeat(2050))),
                // PostgreSQL text can't hold U+0000: refused as bad input rather than failing in the query.
                Map.of("sourceUrls", List.of("https://example.org/a\u0000b.jpg")))) {
            Answer answer = user.post("/api/images/lookup", body);
            assertThat(answer.status()).as("%.60s", body).isEqualTo(400);
            assertThat(answer.contentType()).contains("application/problem+json");
            OpenApiContract.assertMatches("Problem", answer.body());
        }
    }

    @Test
    void needsAToken() {
        Answer answer = api().post("/api/images/lookup", Map.of("sourceUrls", List.of("https://example.org/a.jpg")));
        assertThat(answer.status()).isEqualTo(401);
    }
}

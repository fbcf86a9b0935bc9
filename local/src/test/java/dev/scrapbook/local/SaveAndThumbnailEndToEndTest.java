package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.local.ApiClient.Answer;
import dev.scrapbook.testing.ImageBytes;

/**
 * As a client would: sign up, save real photographs by URL and by upload, wait for the background
 * thumbnail, list the gallery, fetch thumbnail and preview. Every answer is checked against docs/openapi.yaml.
 */
class SaveAndThumbnailEndToEndTest extends LocalRuntimeTest {

    @Test
    void savesByUrlAndUploadThenThumbnailsAppearInTheGallery() throws Exception {
        ApiClient user = api().newUser();
        Path photo = photos().get(0);
        byte[] original = Files.readAllBytes(photo);

        Answer byUrl = user.post("/api/save", Map.of("imageUrl", WEB.site("/photos/" + photo.getFileName()),
                "pageUrl", "https://example.org/gallery", "pageTitle", "Holiday <b>photos</b>"));
        assertThat(byUrl.status()).isEqualTo(201);
        OpenApiContract.assertMatches("Image", byUrl.body());
        assertThat(byUrl.body().path("status").asText()).isEqualTo("pending");
        assertThat(byUrl.raw().headers().firstValue("Location")).contains("/api/images/" + byUrl.body().path("id").asText());

        Path second = photos().get(1);
        Answer uploaded = user.upload("/api/save?pageUrl=https%3A%2F%2Fexample.org%2Fp&alt=a%20cat",
                Files.readAllBytes(second), "image/jpeg");
        assertThat(uploaded.status()).isEqualTo(201);

        JsonNode ready = awaitSettled(user, byUrl.body().path("id").asText(), Duration.ofSeconds(60));
        OpenApiContract.assertMatches("Image", ready);
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        assertThat(ready.path("pageTitle").asText()).isEqualTo("Holiday <b>photos</b>");
        assertThat(ready.path("sourceUrl").asText()).endsWith(photo.getFileName().toString());
        assertThat(ready.path("bytes").asLong()).isEqualTo(original.length);
        BufferedImage source = ImageIO.read(photo.toFile());
        assertFits(user.download(ready.path("thumbnailUrl").asText()), 400, source);
        assertFits(user.download(ready.path("previewUrl").asText()), 1600, source);
        assertThat(user.download(ready.path("originalUrl").asText())).isEqualTo(original);
        assertThat(awaitSettled(user, uploaded.body().path("id").asText(), Duration.ofSeconds(60)).path("alt").asText())
                .isEqualTo("a cat");

        Answer gallery = user.get("/api/images");
        OpenApiContract.assertMatches("ImagePage", gallery.body());
        assertThat(gallery.body().path("items")).extracting(item -> item.path("id").asText())
                .containsExactly(uploaded.body().path("id").asText(), byUrl.body().path("id").asText());
    }

    @Test
    void appliesExifOrientationToThumbnailAndPreview() throws Exception {
        ApiClient user = api().newUser();
        Path photo = photos().get(0);
        BufferedImage source = ImageIO.read(photo.toFile());
        // The same photograph, tagged "rotate 90° clockwise to display" (EXIF orientation 6).
        byte[] rotated = ImageBytes.withExifOrientation(Files.readAllBytes(photo), 6);

        Answer saved = user.upload("/api/save", rotated, "image/jpeg");
        JsonNode ready = awaitSettled(user, saved.body().path("id").asText(), Duration.ofSeconds(60));

        BufferedImage preview = ImageIO.read(new ByteArrayInputStream(user.download(ready.path("previewUrl").asText())));
        assertThat(Integer.signum(preview.getWidth() - preview.getHeight()))
                .as("a landscape photo turned a quarter is portrait")
                .isEqualTo(Integer.signum(source.getHeight() - source.getWidth()));
        assertThat(ready.path("preview").path("width").asInt()).isEqualTo(preview.getWidth());
    }

    @Test
    void savingTheSameBytesAgainReturnsTheSameImage() throws Exception {
        ApiClient user = api().newUser();
        byte[] bytes = Files.readAllBytes(photos().get(2 % photos().size()));
        Answer first = user.upload("/api/save", bytes, "image/jpeg");
        Answer again = user.upload("/api/save", bytes, "application/octet-stream");
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("id")).isEqualTo(first.body().path("id"));
        assertThat(user.get("/api/images").body().path("items")).hasSize(1);
    }

    /** Concurrent saves of one file race for the (owner, sha256) key: one row, one 201, the rest 200 with it. */
    @Test
    void concurrentSavesOfTheSameBytesMakeOneImage() throws Exception {
        ApiClient user = api().newUser();
        byte[] bytes = png(33, 21);
        List<CompletableFuture<Answer>> saves = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            saves.add(CompletableFuture.supplyAsync(() -> user.upload("/api/save", bytes, "image/png")));
        }
        List<Answer> answers = saves.stream().map(CompletableFuture::join).toList();

        assertThat(answers).extracting(Answer::status).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(answers).extracting(answer -> answer.body().path("id").asText()).containsOnly(
                answers.get(0).body().path("id").asText());
        assertThat(user.get("/api/images").body().path("items")).hasSize(1);
    }

    @Test
    void anotherUsersImageIsNotFoundAndStaysPrivate() throws Exception {
        ApiClient owner = api().newUser();
        ApiClient stranger = api().newUser();
        Answer saved = owner.upload("/api/save", Files.readAllBytes(photos().get(0)), "image/jpeg");
        String id = saved.body().path("id").asText();

        Answer peek = stranger.get("/api/images/" + id);
        assertThat(peek.status()).isEqualTo(404);
        assertThat(peek.contentType()).startsWith("application/problem+json");
        OpenApiContract.assertMatches("Problem", peek.body());
        assertThat(stranger.delete("/api/images/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/images").body().path("items")).isEmpty();
        assertThat(owner.get("/api/images/" + id).status()).isEqualTo(200);
    }

    @Test
    void deletingRemovesTheRowAndTheObjects() throws Exception {
        ApiClient user = api().newUser();
        Answer saved = user.upload("/api/save", Files.readAllBytes(photos().get(1)), "image/jpeg");
        String id = saved.body().path("id").asText();
        JsonNode ready = awaitSettled(user, id, Duration.ofSeconds(60));

        assertThat(user.delete("/api/images/" + id).status()).isEqualTo(204);
        assertThat(user.get("/api/images/" + id).status()).isEqualTo(404);
        for (String url : new String[] {"originalUrl", "thumbnailUrl", "previewUrl"}) {
            assertThat(statusOf(ready.path(url).asText())).as(url).isEqualTo(404);
        }
    }

    @Test
    void galleryPagesNewestFirstWithAKeysetCursor() throws Exception {
        ApiClient user = api().newUser();
        String older = user.upload("/api/save", png(10, 10), "image/png").body().path("id").asText();
        String newer = user.upload("/api/save", png(11, 10), "image/png").body().path("id").asText();

        Answer first = user.get("/api/images?limit=1");
        assertThat(first.body().path("items").get(0).path("id").asText()).isEqualTo(newer);
        Answer second = user.get("/api/images?limit=1&cursor=" + first.body().path("nextCursor").asText());
        assertThat(second.body().path("items").get(0).path("id").asText()).isEqualTo(older);
        assertThat(second.body().path("nextCursor").isNull()).isTrue();
        assertThat(user.get("/api/images?limit=0").status()).isEqualTo(400);
        assertThat(user.get("/api/images?cursor=garbage").status()).isEqualTo(400);
    }

    private static void assertFits(byte[] encoded, int box, BufferedImage source) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        assertThat(Math.max(image.getWidth(), image.getHeight()))
                .isEqualTo(Math.min(box, Math.max(source.getWidth(), source.getHeight())));
        double aspect = (double) source.getWidth() / source.getHeight();
        assertThat((double) image.getWidth() / image.getHeight()).isCloseTo(aspect, org.assertj.core.data.Offset.offset(0.02));
    }

    private int statusOf(String url) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        return response.statusCode();
    }

    static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

}

package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.local.ApiClient.Answer;
import dev.scrapbook.save.EventReconciler;

/**
 * A picture saved again as another file (resized, another format) is a new image (201) that says {@code similarTo}
 * the earlier one once its thumbnail is made; {@code GET /api/images/{id}/similar} lists the look-alikes; images
 * saved before hashes existed get theirs from the reconcile pass.
 */
class SimilarImagesTest extends LocalRuntimeTest {

    private static final Duration SETTLE = Duration.ofSeconds(90);

    @Autowired
    JdbcClient db;
    @Autowired
    EventReconciler reconcile;

    @Test
    void aPictureSavedAgainAsAnotherFileSaysWhenItWasFirstSaved() throws Exception {
        ApiClient user = api().newUser();
        Path photo = photos().get(3 % photos().size());
        Answer first = user.upload("/api/save?filename=original.jpg", Files.readAllBytes(photo), "image/jpeg");
        JsonNode original = awaitSettled(user, first.body().path("id").asText(), SETTLE);
        assertThat(original.path("similarTo").isNull()).isTrue();

        Answer again = user.upload("/api/save?filename=smaller.png", halfSizePng(photo), "image/png");
        assertThat(again.status()).as("a new file is a new image, as before").isEqualTo(201);
        JsonNode copy = awaitSettled(user, again.body().path("id").asText(), SETTLE);
        OpenApiContract.assertMatches("Image", copy);
        assertThat(copy.path("similarTo").path("id").asText()).isEqualTo(original.path("id").asText());
        assertThat(copy.path("similarTo").path("savedAt").asText()).isEqualTo(original.path("savedAt").asText());
        assertThat(copy.path("similarTo").path("width").asInt()).isEqualTo(original.path("width").asInt());
        assertThat(copy.path("similarTo").path("bytes").asLong()).isEqualTo(original.path("bytes").asLong());
        assertThat(user.get("/api/images").body().path("items").get(0).path("similarTo").path("id").asText())
                .as("the gallery's items say it too").isEqualTo(original.path("id").asText());

        Answer other = user.upload("/api/save", Files.readAllBytes(photos().get(1)), "image/jpeg");
        JsonNode different = awaitSettled(user, other.body().path("id").asText(), SETTLE);
        assertThat(different.path("similarTo").isNull()).isTrue();

        Answer similar = user.get("/api/images/" + copy.path("id").asText() + "/similar");
        assertThat(similar.status()).isEqualTo(200);
        OpenApiContract.assertMatches("SimilarImages", similar.body());
        assertThat(similar.body().path("hashKnown").asBoolean()).isTrue();
        assertThat(similar.body().path("items")).hasSize(1);
        assertThat(similar.body().path("items").get(0).path("image").path("id").asText()).isEqualTo(original.path("id").asText());
        assertThat(similar.body().path("items").get(0).path("distance").asInt()).isBetween(0, 10);

        ApiClient stranger = api().newUser();
        assertThat(stranger.get("/api/images/" + original.path("id").asText() + "/similar").status()).isEqualTo(404);
        assertThat(user.get("/api/images/" + UUID.randomUUID() + "/similar").status()).isEqualTo(404);

        assertThat(user.delete("/api/images/" + original.path("id").asText()).status()).isEqualTo(204);
        assertThat(user.get("/api/images/" + copy.path("id").asText()).body().path("similarTo").isNull()).isTrue();
    }

    @Test
    void imagesSavedBeforeHashesExistedGetTheirsFromTheReconcilePass() throws Exception {
        ApiClient user = api().newUser();
        Path photo = photos().get(0);
        String older = awaitSettled(user, user.upload("/api/save", Files.readAllBytes(photo), "image/jpeg").body().path("id").asText(), SETTLE)
                .path("id").asText();
        String newer = awaitSettled(user, user.upload("/api/save", halfSizePng(photo), "image/png").body().path("id").asText(), SETTLE)
                .path("id").asText();
        long hash = db.sql("select phash from images where id = ?::uuid").param(older).query(Long.class).single();
        // As migration V9 leaves an image saved before it: no hash, no link.
        db.sql("update images set phash = null, similar_to = null where id in (?::uuid, ?::uuid)").params(older, newer).update();
        JsonNode unknown = user.get("/api/images/" + older + "/similar").body();
        OpenApiContract.assertMatches("SimilarImages", unknown);
        assertThat(unknown.path("hashKnown").asBoolean()).isFalse();
        assertThat(unknown.path("items")).isEmpty();

        reconcile.get();

        assertThat(db.sql("select phash from images where id = ?::uuid").param(older).query(Long.class).single())
                .as("the same hash, from the same stored grid thumbnail").isEqualTo(hash);
        assertThat(user.get("/api/images/" + newer).body().path("similarTo").path("id").asText()).isEqualTo(older);
        assertThat(user.get("/api/images/" + older + "/similar").body().path("items").get(0).path("image").path("id").asText())
                .isEqualTo(newer);
    }

    private static byte[] halfSizePng(Path photo) throws Exception {
        BufferedImage picture = ImageIO.read(photo.toFile());
        BufferedImage half = new BufferedImage(picture.getWidth() / 2, picture.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = half.createGraphics();
        g.drawImage(picture, 0, 0, half.getWidth(), half.getHeight(), null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(half, "png", out);
        return out.toByteArray();
    }
}

package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.events.EventPublisher;
import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.local.ApiClient.Answer;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.testing.ImageBytes;
import dev.scrapbook.testing.ProgressiveJpegs;

/**
 * A JPEG scan bomb (352 KB, 10000x10000, 883 progressive scans: about 20 CPU-seconds of libvips) is refused
 * when it is saved, and again by the thumbnail engine if it was stored some other way.
 */
class ScanBombTest extends LocalRuntimeTest {

    private static final byte[] BOMB = ProgressiveJpegs.greyscale(10_000, 10_000, ProgressiveJpegs.MAX_VALID_SCANS);

    @Autowired
    ImageRepository images;
    @Autowired
    ObjectStore store;
    @Autowired
    StorageSettings buckets;
    @Autowired
    EventPublisher events;

    @Test
    void refusesAScanBombWhenItIsSavedAndKeepsNothing() {
        ApiClient user = api().newUser();
        // A comment segment changes the bytes, so the SHA-256 dedupe can't be what refuses the second one.
        byte[] changed = ImageBytes.withAppSegment(BOMB, 0xFE, "another".getBytes(StandardCharsets.US_ASCII));

        for (byte[] bomb : new byte[][] {BOMB, changed}) {
            Answer answer = user.upload("/api/save", bomb, "image/jpeg");

            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.type()).endsWith("/too-many-scans");
            assertThat(answer.body().path("detail").asText()).contains("883 scans", "at most 20");
            OpenApiContract.assertMatches("Problem", answer.body());
        }
        assertThat(user.get("/api/images").body().path("items")).isEmpty();
    }

    @Test
    void savesAndThumbnailsASmallJpegWithManyScans() throws Exception {
        ApiClient user = api().newUser();
        Answer saved = user.upload("/api/save", ProgressiveJpegs.greyscale(1000, 1000, 127), "image/jpeg");

        assertThat(saved.status()).isEqualTo(201);
        JsonNode settled = awaitSettled(user, saved.body().path("id").asText(), Duration.ofSeconds(60));
        assertThat(settled.path("status").asText()).as(settled.toString()).isEqualTo("ready");
    }

    /** As if saved before save-image counted scans: the engine refuses it, and the image ends failed, not retried. */
    @Test
    void aScanBombAlreadyStoredEndsFailedWithTheReason() throws Exception {
        ApiClient user = api().newUser();
        UUID owner = UUID.fromString(user.userId());
        UUID id = UUID.randomUUID();
        store.put(buckets.originalsBucket(), StorageKeys.original(owner, id), BOMB, "image/jpeg");
        images.insert(id, new NewImage(owner, MessageDigest.getInstance("SHA-256").digest(BOMB), "jpeg", 10_000, 10_000, BOMB.length,
                null, null, null, null));

        assertThat(events.publish(ImageSavedEvent.of(id), ImageSavedEvent.ROUTING_KEY)).isTrue();

        JsonNode settled = awaitSettled(user, id.toString(), Duration.ofSeconds(60));
        assertThat(settled.path("status").asText()).as(settled.toString()).isEqualTo("failed");
        assertThat(settled.path("failureReason").asText()).contains("883 scans", "before decoding");
    }
}

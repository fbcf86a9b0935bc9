package dev.scrapbook.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.similar.ImageHashes;
import dev.scrapbook.similar.PictureHash;
import dev.scrapbook.testing.TestServices;

/** ImageHashes against the real PostgreSQL: the band lookup's reach, the colour check, one owner only, links under concurrency. */
@SpringBootTest(classes = ThumbnailApplication.class)
class ImageHashesTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @Autowired
    ImageHashes hashes;
    @Autowired
    ImageRepository images;
    @Autowired
    JdbcClient db;

    @Test
    void findsEveryHashWithinTheDistanceAndNoneBeyond() {
        UUID owner = TestServices.insertUser(db);
        PictureHash hash = new PictureHash(ThreadLocalRandom.current().nextLong(), 0x406080);
        UUID self = image(owner);
        hashes.record(self, hash);
        // Flip bits spread over all four bands, the hardest case for the band lookup: 0 to MAX_DISTANCE + 2 of them.
        int[] order = {0, 16, 32, 48, 5, 21, 37, 53, 10, 26, 42, 58, 15};
        for (int flips = 0; flips <= ImageHashes.MAX_DISTANCE + 2; flips++) {
            long near = hash.difference();
            for (int i = 0; i < flips; i++) {
                near ^= 1L << order[i];
            }
            hashes.record(image(owner), new PictureHash(near, hash.color()));
        }
        // The same layout in another colour is another picture.
        hashes.record(image(owner), new PictureHash(hash.difference(), hash.color() + ImageHashes.MAX_COLOR_STEP + 1));
        assertThat(hashes.near(owner, self, hash, 50)).extracting(ImageHashes.Near::distance)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(0, ImageHashes.MAX_DISTANCE).boxed().toList());
        UUID stranger = TestServices.insertUser(db);
        hashes.record(image(stranger), hash);
        assertThat(hashes.near(owner, self, hash, 50)).hasSize(ImageHashes.MAX_DISTANCE + 1);
    }

    @Test
    void linksTwoImagesOfOnePictureHashedAtTheSameMoment() throws Exception {
        for (int round = 0; round < 10; round++) {
            UUID owner = TestServices.insertUser(db);
            UUID earlier = image(owner);
            UUID later = image(owner);
            long hash = ThreadLocalRandom.current().nextLong();
            int color = ThreadLocalRandom.current().nextInt(1 << 24);
            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<Void>> both = List.of(earlier, later).stream().map(id -> CompletableFuture.runAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                hashes.record(id, new PictureHash(id.equals(earlier) ? hash : hash ^ 1, color));
            })).toList();
            CompletableFuture.allOf(both.toArray(CompletableFuture[]::new)).get();
            assertThat(images.findById(later).orElseThrow().similarTo()).as("round %d", round).isEqualTo(earlier);
            assertThat(images.findById(earlier).orElseThrow().similarTo()).isNull();
        }
    }

    private UUID image(UUID owner) {
        UUID id = UUID.randomUUID();
        images.insert(id, new NewImage(owner, UUID.randomUUID().toString().getBytes(), "jpeg", 1, 1, 1, null, null, null, null));
        return id;
    }
}

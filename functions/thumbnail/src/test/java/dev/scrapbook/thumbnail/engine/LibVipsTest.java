package dev.scrapbook.thumbnail.engine;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.scrapbook.testing.ImageBytes;
import dev.scrapbook.thumbnail.engine.LibVips.VipsException;

/** The hand-written binding on the real libvips.so.42. */
class LibVipsTest {

    private static final LibVips VIPS = LibVips.load()
            .orElseThrow(() -> new AssertionError("libvips could not be loaded: " + LibVips.unavailableReason()));

    @Test
    void reportsTheLibraryVersion() {
        assertThat(VIPS.version()).matches("8\\.\\d+\\.\\d+");
    }

    @Test
    void loadsOnceForTheWholeProcess() {
        assertThat(LibVips.load()).containsSame(VIPS);
    }

    @Test
    void usesTheEnumValuesLibvipsDefines() {
        assertThat(VIPS.enumValue("VipsSize", "down")).isEqualTo(LibVips.SIZE_DOWN);
        assertThat(VIPS.enumValue("VipsInterpretation", "srgb")).isEqualTo(LibVips.INTERPRETATION_SRGB);
    }

    @Test
    void blocksLoadersThatWereNotFuzzTested() throws Exception {
        // libvips reads BMP only through ImageMagick, which it marks untrusted.
        byte[] bmp = TestImages.bmp(TestImages.quadrants(40, 30));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(JAVA_BYTE, bmp);

            assertThatThrownBy(() -> VIPS.header(buffer, arena))
                    .isInstanceOf(VipsException.class)
                    .hasMessageContaining("magickload_buffer: operation is blocked");

            VIPS.blockUntrusted(false);
            try {
                MemorySegment header = VIPS.header(buffer, arena);
                assertThat(VIPS.width(header)).as("read once unblocked: the block is what refused it").isEqualTo(40);
                VIPS.unref(header);
            } finally {
                VIPS.blockUntrusted(true);
            }
        }
    }

    @Test
    void readsTheSizeOfABombFromItsHeaderWithoutDecoding() throws Exception {
        byte[] bomb = ImageBytes.decompressionBombPng(30_000, 30_000);
        long trackedBefore = VIPS.trackedMemory();

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = VIPS.header(arena.allocateFrom(JAVA_BYTE, bomb), arena);
            try {
                assertThat(VIPS.width(header)).isEqualTo(30_000);
                assertThat(VIPS.height(header)).isEqualTo(30_000);
                assertThat(VIPS.trackedMemory() - trackedBefore).as("pixel memory allocated").isLessThan(1 << 20);
            } finally {
                VIPS.unref(header);
            }
        }
    }

    @Test
    void refusesAnImageOverThePixelLimitBeforeDecoding() {
        byte[] bomb = ImageBytes.decompressionBombPng(30_000, 30_000);
        int objectsBefore = VIPS.liveObjects();

        assertThatThrownBy(() -> new VipsThumbnailEngine(VIPS, 100_000_000).render(bomb, TestImages.previewAndGrid()))
                .isInstanceOf(UndecodableImageException.class)
                .hasMessageContaining("900 megapixels; the limit is 100 megapixels");
        assertThat(VIPS.liveObjects()).isEqualTo(objectsBefore);
    }

    @Test
    void turnsTheErrorBufferIntoTheMessageAndClearsIt() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment garbage = arena.allocateFrom(JAVA_BYTE, "not an image at all".getBytes(StandardCharsets.US_ASCII));

            assertThatThrownBy(() -> VIPS.header(garbage, arena))
                    .isInstanceOf(VipsException.class)
                    .hasMessageContaining("VipsForeignLoad")
                    .hasMessageContaining("buffer is not in a known format");
            assertThat(VIPS.takeError()).as("left in the buffer").isEmpty();
        }
    }

    @Test
    void reportsLibjpegsOwnWordsForATruncatedJpeg() {
        byte[] truncated = TestImages.truncated(TestImages.jpeg(TestImages.noise(800, 600)), 0.5);

        assertThatThrownBy(() -> new VipsThumbnailEngine(VIPS, 100_000_000).render(truncated, TestImages.previewAndGrid()))
                .isInstanceOf(UndecodableImageException.class)
                .hasMessageContaining("VipsJpeg: Corrupt JPEG data: premature end of data segment");
    }

    @Test
    void leavesNoImageAliveAndNoPixelMemoryAfterRendering() throws Exception {
        VipsThumbnailEngine engine = new VipsThumbnailEngine(VIPS, 100_000_000);
        List<byte[]> originals = List.of(
                TestImages.jpeg(TestImages.quadrants(3000, 2000)),
                TestImages.png(TestImages.halfTransparent(1200, 800)),
                TestImages.png(TestImages.quadrants(900, 600)),
                TestImages.fixture("cmyk-quadrants.jpg"));
        byte[] truncated = TestImages.truncated(TestImages.jpeg(TestImages.noise(800, 600)), 0.5);
        engine.render(originals.getFirst(), TestImages.previewAndGrid());
        int objectsBefore = VIPS.liveObjects();
        long memoryBefore = VIPS.trackedMemory();

        for (int round = 0; round < 5; round++) {
            for (byte[] original : originals) {
                assertThat(engine.render(original, TestImages.previewAndGrid())).hasSize(2);
            }
            assertThatThrownBy(() -> engine.render(truncated, TestImages.previewAndGrid()))
                    .isInstanceOf(UndecodableImageException.class);
        }

        assertThat(VIPS.liveObjects()).as("live libvips objects").isEqualTo(objectsBefore);
        // Worker threads keep a few region buffers of their own, so pixel memory is not exactly flat;
        // one leaked preview per render would be 25 x 5 MB.
        assertThat(VIPS.trackedMemory() - memoryBefore).as("pixel memory kept").isLessThan(16L << 20);
    }

    @Test
    void keepsEachThreadsResultAndErrorApartOnTwoThreads() throws Exception {
        VipsThumbnailEngine engine = new VipsThumbnailEngine(VIPS, 100_000_000);
        byte[] photo = TestImages.jpeg(TestImages.quadrants(2400, 1600));
        byte[] truncated = TestImages.truncated(TestImages.jpeg(TestImages.noise(800, 600)), 0.5);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<?>> work = new ArrayList<>();
            work.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    Rendition preview = engine.render(photo, TestImages.previewAndGrid()).getFirst();
                    RenditionAssertions.assertSize(preview, 1600, 1067);
                    RenditionAssertions.assertQuadrants(TestImages.decode(preview),
                            TestImages.RED, TestImages.GREEN, TestImages.BLUE, TestImages.YELLOW);
                }
                return null;
            }));
            work.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    assertThatThrownBy(() -> engine.render(truncated, TestImages.previewAndGrid()))
                            .isInstanceOf(UndecodableImageException.class)
                            .hasMessageContaining("truncated");
                }
                return null;
            }));
            for (Future<?> done : work) {
                done.get();
            }
        }
    }
}

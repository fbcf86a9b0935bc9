package dev.scrapbook.thumbnail.engine;

import static dev.scrapbook.thumbnail.engine.RenditionAssertions.alphaAt;
import static dev.scrapbook.thumbnail.engine.RenditionAssertions.assertColour;
import static dev.scrapbook.thumbnail.engine.RenditionAssertions.assertQuadrants;
import static dev.scrapbook.thumbnail.engine.RenditionAssertions.assertSize;
import static dev.scrapbook.thumbnail.engine.TestImages.BLUE;
import static dev.scrapbook.thumbnail.engine.TestImages.GREEN;
import static dev.scrapbook.thumbnail.engine.TestImages.RED;
import static dev.scrapbook.thumbnail.engine.TestImages.YELLOW;
import static dev.scrapbook.thumbnail.engine.TestImages.decode;
import static dev.scrapbook.thumbnail.engine.TestImages.previewAndGrid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.scrapbook.testing.ImageBytes;
import dev.scrapbook.testing.ProgressiveJpegs;

/**
 * What every {@link ThumbnailEngine} must do. A subclass per engine supplies the instances; the
 * cases stay the same, so a libvips engine is held to what the Java one promises.
 */
abstract class ThumbnailEngineConformanceTest {

    /** The bomb, rebuilt: 352 KB, 10000x10000 greyscale, 883 scans. */
    private static final byte[] SCAN_BOMB = ProgressiveJpegs.greyscale(10_000, 10_000, ProgressiveJpegs.MAX_VALID_SCANS);

    protected abstract ThumbnailEngine engine();

    protected abstract ThumbnailEngine engineWithPixelLimit(long maxPixels);

    @Test
    void fitsEachBoxKeepingLandscapeAspect() throws Exception {
        byte[] landscape = TestImages.jpeg(TestImages.quadrants(3000, 2000));

        List<Rendition> renditions = engine().render(landscape, previewAndGrid());

        assertSize(renditions.get(0), 1600, 1067);
        assertSize(renditions.get(1), 400, 267);
    }

    @Test
    void fitsEachBoxKeepingPortraitAspect() throws Exception {
        byte[] portrait = TestImages.jpeg(TestImages.quadrants(2000, 3000));

        List<Rendition> renditions = engine().render(portrait, previewAndGrid());

        assertSize(renditions.get(0), 1067, 1600);
        assertSize(renditions.get(1), 267, 400);
    }

    @Test
    void neverUpscalesASmallImage() throws Exception {
        List<Rendition> renditions = engine().render(TestImages.png(TestImages.quadrants(120, 80)), previewAndGrid());

        assertSize(renditions.get(0), 120, 80);
        assertSize(renditions.get(1), 120, 80);
    }

    @Test
    void shrinksOnlyForTheBoxesItExceeds() throws Exception {
        List<Rendition> renditions = engine().render(TestImages.jpeg(TestImages.quadrants(800, 600)), previewAndGrid());

        assertSize(renditions.get(0), 800, 600);
        assertSize(renditions.get(1), 400, 300);
    }

    @Test
    void answersInTheOrderTheBoxesWereAsked() throws Exception {
        List<Rendition> renditions = engine().render(TestImages.jpeg(TestImages.quadrants(3000, 2000)),
                List.of(new Box(400, 400), new Box(1600, 1600)));

        assertSize(renditions.get(0), 400, 267);
        assertSize(renditions.get(1), 1600, 1067);
    }

    @Test
    void keepsTheColoursWhereTheyWere() throws Exception {
        Rendition grid = engine().render(TestImages.jpeg(TestImages.quadrants(3000, 2000)), previewAndGrid()).get(1);

        assertQuadrants(decode(grid), RED, GREEN, BLUE, YELLOW);
    }

    static Stream<Arguments> exifOrientations() {
        return Stream.of(
                Arguments.of(1, false, RED, GREEN, BLUE, YELLOW),
                Arguments.of(2, false, GREEN, RED, YELLOW, BLUE),
                Arguments.of(3, false, YELLOW, BLUE, GREEN, RED),
                Arguments.of(4, false, BLUE, YELLOW, RED, GREEN),
                Arguments.of(5, true, RED, BLUE, GREEN, YELLOW),
                Arguments.of(6, true, BLUE, RED, YELLOW, GREEN),
                Arguments.of(7, true, YELLOW, GREEN, BLUE, RED),
                Arguments.of(8, true, GREEN, YELLOW, RED, BLUE));
    }

    @ParameterizedTest(name = "orientation {0}")
    @MethodSource("exifOrientations")
    void appliesExifOrientation(int orientation, boolean turnsSideways,
            Color topLeft, Color topRight, Color bottomLeft, Color bottomRight) throws Exception {
        byte[] jpeg = ImageBytes.withExifOrientation(TestImages.jpeg(TestImages.quadrants(300, 200)), orientation);

        List<Rendition> renditions = engine().render(jpeg, previewAndGrid());

        for (Rendition rendition : renditions) {
            assertSize(rendition, turnsSideways ? 200 : 300, turnsSideways ? 300 : 200);
            assertQuadrants(decode(rendition), topLeft, topRight, bottomLeft, bottomRight);
        }
    }

    @Test
    void appliesExifOrientationToALargePhoto() throws Exception {
        byte[] jpeg = ImageBytes.withExifOrientation(TestImages.jpeg(TestImages.quadrants(4000, 2400)), 6);

        List<Rendition> renditions = engine().render(jpeg, previewAndGrid());

        assertSize(renditions.get(0), 960, 1600);
        assertSize(renditions.get(1), 240, 400);
        assertQuadrants(decode(renditions.get(0)), BLUE, RED, YELLOW, GREEN);
        assertQuadrants(decode(renditions.get(1)), BLUE, RED, YELLOW, GREEN);
    }

    @Test
    void leavesNoExifOrientationToApplyTwice() throws Exception {
        byte[] jpeg = ImageBytes.withExifOrientation(TestImages.jpeg(TestImages.quadrants(300, 200)), 6);

        for (Rendition rendition : engine().render(jpeg, previewAndGrid())) {
            assertThat(rendition.format()).isEqualTo(Rendition.JPEG);
            assertThat(TestImages.hasExifSegment(rendition.bytes())).isFalse();
        }
        assertThat(TestImages.hasExifSegment(jpeg)).as("the builder's own EXIF is found").isTrue();
    }

    /**
     * The fixture has no ICC profile. The Java engine inverts CMYK arithmetically (as the fixture
     * was made); libvips goes through its built-in CMYK profile, as print would show it: pure
     * cyan+yellow becomes (0, 142, 65), not (0, 255, 0). Both keep each quadrant's hue.
     */
    @Test
    void convertsCmykJpegToSrgb() throws Exception {
        Rendition rendition = engine().render(TestImages.fixture("cmyk-quadrants.jpg"), previewAndGrid()).get(0);

        assertThat(rendition.format()).isEqualTo(Rendition.JPEG);
        BufferedImage image = decode(rendition);
        RenditionAssertions.assertHue(image, 0.25, 0.25, RED);
        RenditionAssertions.assertHue(image, 0.75, 0.25, GREEN);
        RenditionAssertions.assertHue(image, 0.25, 0.75, BLUE);
        RenditionAssertions.assertHue(image, 0.75, 0.75, YELLOW);
    }

    @Test
    void convertsIccTaggedJpegToSrgb() throws Exception {
        BufferedImage midGrey = TestImages.solid(64, 64, new Color(128, 128, 128), BufferedImage.TYPE_INT_RGB);
        byte[] linearRgbJpeg = TestImages.withIccProfile(TestImages.jpeg(midGrey), TestImages.linearRgbProfile());

        Rendition rendition = engine().render(linearRgbJpeg, previewAndGrid()).get(0);

        // Linear 128/255 is sRGB 188: read as plain sRGB it would stay 128.
        assertColour(decode(rendition), 0.5, 0.5, new Color(188, 188, 188), 16);
    }

    @Test
    void readsAProgressiveJpeg() throws Exception {
        List<Rendition> renditions = engine().render(
                TestImages.progressiveJpeg(TestImages.quadrants(3000, 2000)), previewAndGrid());

        assertSize(renditions.get(0), 1600, 1067);
        assertQuadrants(decode(renditions.get(0)), RED, GREEN, BLUE, YELLOW);
    }

    @Test
    void readsAGreyscaleJpeg() throws Exception {
        BufferedImage grey = TestImages.solid(2000, 1000, new Color(90, 90, 90), BufferedImage.TYPE_BYTE_GRAY);

        Rendition rendition = engine().render(TestImages.jpeg(grey), previewAndGrid()).get(0);

        assertSize(rendition, 1600, 800);
        assertColour(decode(rendition), 0.5, 0.5, new Color(90, 90, 90), 8);
    }

    @Test
    void readsASixteenBitPng() throws Exception {
        BufferedImage deepGrey = TestImages.solid(2000, 1000, new Color(200, 200, 200), BufferedImage.TYPE_USHORT_GRAY);

        Rendition rendition = engine().render(TestImages.png(deepGrey), previewAndGrid()).get(0);

        assertSize(rendition, 1600, 800);
        assertColour(decode(rendition), 0.5, 0.5, new Color(200, 200, 200), 8);
    }

    @Test
    void readsABmp() throws Exception {
        byte[] bmp = TestImages.bmp(TestImages.quadrants(900, 600));

        Rendition rendition = engine().render(bmp, previewAndGrid()).get(1);

        assertSize(rendition, 400, 267);
        assertQuadrants(decode(rendition), RED, GREEN, BLUE, YELLOW);
    }

    @Test
    void keepsTransparencyAsPng() throws Exception {
        List<Rendition> renditions = engine().render(
                TestImages.png(TestImages.halfTransparent(2000, 1000)), previewAndGrid());

        for (Rendition rendition : renditions) {
            assertThat(rendition.format()).isEqualTo(Rendition.PNG);
            BufferedImage image = decode(rendition);
            assertThat(image.getColorModel().hasAlpha()).isTrue();
            assertThat(alphaAt(image, 0.25, 0.5)).isEqualTo(255);
            assertThat(alphaAt(image, 0.75, 0.5)).isZero();
            assertColour(image, 0.25, 0.5, RED, RenditionAssertions.COLOUR_TOLERANCE);
        }
    }

    @Test
    void keepsGifTransparencyAsPng() throws Exception {
        Rendition rendition = engine().render(
                TestImages.animatedGif(TestImages.indexedHalfTransparent(200, 100)), previewAndGrid()).get(0);

        assertThat(rendition.format()).isEqualTo(Rendition.PNG);
        assertThat(alphaAt(decode(rendition), 0.75, 0.5)).isZero();
    }

    @Test
    void makesJpegOfAnOpaqueImage() throws Exception {
        byte[] opaquePng = TestImages.png(TestImages.quadrants(2000, 1000));

        List<Rendition> renditions = engine().render(opaquePng, previewAndGrid());

        for (Rendition rendition : renditions) {
            assertThat(rendition.format()).isEqualTo(Rendition.JPEG);
            assertThat(rendition.mediaType()).isEqualTo("image/jpeg");
            assertThat(rendition.bytes()).startsWith((byte) 0xFF, (byte) 0xD8);
            assertThat(decode(rendition).getColorModel().hasAlpha()).isFalse();
        }
    }

    @Test
    void makesJpegOfAPngWhoseAlphaIsOpaqueThroughout() throws Exception {
        BufferedImage opaqueArgb = TestImages.solid(500, 500, GREEN, BufferedImage.TYPE_INT_ARGB);

        Rendition rendition = engine().render(TestImages.png(opaqueArgb), previewAndGrid()).get(0);

        assertThat(rendition.format()).isEqualTo(Rendition.JPEG);
        assertColour(decode(rendition), 0.5, 0.5, GREEN, RenditionAssertions.COLOUR_TOLERANCE);
    }

    @Test
    void takesTheFirstFrameOfAnAnimatedGif() throws Exception {
        byte[] gif = TestImages.animatedGif(
                TestImages.solid(300, 200, RED, BufferedImage.TYPE_INT_RGB),
                TestImages.solid(300, 200, BLUE, BufferedImage.TYPE_INT_RGB));

        Rendition rendition = engine().render(gif, previewAndGrid()).get(1);

        assertSize(rendition, 300, 200);
        assertColour(decode(rendition), 0.5, 0.5, RED, RenditionAssertions.COLOUR_TOLERANCE);
    }

    @Test
    void readsLossyWebp() throws Exception {
        Rendition rendition = engine().render(TestImages.fixture("quadrants-lossy.webp"), previewAndGrid()).get(0);

        assertSize(rendition, 64, 48);
        assertThat(rendition.format()).isEqualTo(Rendition.JPEG);
        assertQuadrants(decode(rendition), RED, GREEN, BLUE, YELLOW);
    }

    @Test
    void readsLosslessWebpWithAlpha() throws Exception {
        Rendition rendition = engine().render(TestImages.fixture("alpha-lossless.webp"), previewAndGrid()).get(0);

        assertSize(rendition, 64, 48);
        assertThat(rendition.format()).isEqualTo(Rendition.PNG);
        assertThat(alphaAt(decode(rendition), 0.25, 0.5)).isEqualTo(255);
        assertThat(alphaAt(decode(rendition), 0.75, 0.5)).isZero();
    }

    @Test
    void refusesATruncatedJpeg() {
        byte[] truncated = TestImages.truncated(TestImages.jpeg(TestImages.noise(800, 600)), 0.6);

        assertThatThrownBy(() -> engine().render(truncated, previewAndGrid()))
                .isInstanceOf(UndecodableImageException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesATruncatedProgressiveJpeg() {
        byte[] truncated = TestImages.truncated(TestImages.progressiveJpeg(TestImages.noise(800, 600)), 0.6);

        assertThatThrownBy(() -> engine().render(truncated, previewAndGrid()))
                .isInstanceOf(UndecodableImageException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void rendersAJpegMissingOnlyItsEndMarker() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.quadrants(800, 600));
        byte[] withoutEndMarker = Arrays.copyOf(jpeg, jpeg.length - 2);

        Rendition rendition = engine().render(withoutEndMarker, previewAndGrid()).get(0);

        assertQuadrants(decode(rendition), RED, GREEN, BLUE, YELLOW);
    }

    @Test
    void refusesATruncatedPng() {
        byte[] truncated = TestImages.truncated(TestImages.png(TestImages.noise(400, 300)), 0.6);

        assertThatThrownBy(() -> engine().render(truncated, previewAndGrid()))
                .isInstanceOf(UndecodableImageException.class);
    }

    @Test
    void refusesBytesThatAreNoImage() {
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        List<byte[]> garbage = List.of(random, new byte[0], new byte[100],
                "<html><body>Not found</body></html>".getBytes(StandardCharsets.UTF_8));

        for (byte[] bytes : garbage) {
            assertThatThrownBy(() -> engine().render(bytes, previewAndGrid()))
                    .isInstanceOf(UndecodableImageException.class)
                    .message().isNotBlank();
        }
    }

    /** The timeout only catches a hang: a decoded bomb fails on what was allocated, long before it. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void refusesADecompressionBombFromItsHeader() {
        byte[] bomb = ImageBytes.decompressionBombPng(30_000, 30_000);
        assertThat(bomb.length).isLessThan(10_000);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> engine().render(bomb, previewAndGrid()))
                .isInstanceOf(UndecodableImageException.class)
                .hasMessageContaining("30000x30000");

        assertThat(threads.getCurrentThreadAllocatedBytes() - allocatedBefore)
                .as("bytes allocated; the raster would be 2.7 GB").isLessThan(64L << 20);
    }

    static Stream<Arguments> scanBombs() {
        return Stream.of(
                Arguments.of("883 scans at 10000x10000, the longest valid progression", SCAN_BOMB, 883),
                Arguments.of("40 scans at 10000x10000, twice what the pixel limit allows",
                        ProgressiveJpegs.greyscale(10_000, 10_000, 40), 40),
                Arguments.of("600 scans at 64x64, over the cap whatever the size", ProgressiveJpegs.greyscale(64, 64, 600), 600),
                Arguments.of("883 scans at 10000x10000 with no scan data: refused before any of it is read",
                        ProgressiveJpegs.greyscaleWithoutScanData(10_000, 10_000, 883), 883));
    }

    /**
     * A decoder visits every block once per scan: the first bomb held libvips for about 20 CPU-seconds. The
     * scans are counted from the markers, so the refusal names them even when the scan data is missing
     * (decoding first would have said "truncated"). The timeout only catches a hang: a bomb that is rendered
     * instead of refused fails on the missing exception.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scanBombs")
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
    void refusesAJpegScanBombBeforeDecodingIt(String name, byte[] bomb, int scans) {
        assertThatThrownBy(() -> engine().render(bomb, previewAndGrid()))
                .isInstanceOf(UndecodableImageException.class)
                .hasMessageContaining(scans + " scans")
                .hasMessageNotContaining("truncated");
    }

    @Test
    void rendersASmallJpegWithManyScans() throws Exception {
        // A hundred scans of one megapixel cost what ten of ten megapixels do: harmless.
        Rendition rendition = engine().render(ProgressiveJpegs.greyscale(1000, 1000, 127), previewAndGrid()).get(0);
        assertSize(rendition, 1000, 1000);
        assertColour(decode(rendition), 0.5, 0.5, new Color(128, 128, 128), 8);

        // The 96-scan fixture was written by jpegtran, a real encoder, rather than by ProgressiveJpegs.
        assertSize(engine().render(TestImages.fixture("many-scans.jpg"), previewAndGrid()).get(0), 64, 64);
    }

    @Test
    void allowsTwentyScansAtThePixelLimit() throws Exception {
        ThumbnailEngine oneMegapixel = engineWithPixelLimit(1_000_000);

        assertSize(oneMegapixel.render(ProgressiveJpegs.greyscale(1000, 1000, 20), previewAndGrid()).get(0), 1000, 1000);
        assertThatThrownBy(() -> oneMegapixel.render(ProgressiveJpegs.greyscale(1000, 1000, 21), previewAndGrid()))
                .isInstanceOf(UndecodableImageException.class)
                .hasMessageContaining("21 scans; at 1000x1000 at most 20");
    }

    @Test
    void refusesAnImageOverItsPixelLimit() {
        byte[] twoMegapixels = TestImages.jpeg(TestImages.quadrants(2000, 1000));

        assertThatThrownBy(() -> engineWithPixelLimit(1_000_000).render(twoMegapixels, previewAndGrid()))
                .isInstanceOf(UndecodableImageException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void damagedInputEitherRendersOrIsRefused() throws Exception {
        List<byte[]> originals = List.of(
                TestImages.jpeg(TestImages.noise(300, 200)),
                TestImages.progressiveJpeg(TestImages.noise(300, 200)),
                TestImages.png(TestImages.noise(300, 200)),
                TestImages.animatedGif(TestImages.noise(300, 200), TestImages.quadrants(300, 200)),
                TestImages.fixture("quadrants-lossy.webp"),
                TestImages.fixture("alpha-lossless.webp"),
                TestImages.fixture("cmyk-quadrants.jpg"));
        Random random = new Random(1);
        List<byte[]> damaged = new ArrayList<>();
        for (byte[] original : originals) {
            for (double kept : new double[] {0.05, 0.3, 0.7, 0.97}) {
                damaged.add(TestImages.truncated(original, kept));
            }
            for (int i = 0; i < 6; i++) {
                byte[] flipped = original.clone();
                for (int flip = 0; flip < 1 + i * 3; flip++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
                }
                damaged.add(flipped);
            }
        }
        ThumbnailEngine engine = engine();

        for (byte[] bytes : damaged) {
            try {
                assertThat(engine.render(bytes, previewAndGrid())).hasSize(2);
            } catch (UndecodableImageException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            } catch (RuntimeException escaped) {
                fail("an unchecked exception escaped for damaged input", escaped);
            }
        }
    }

    @Test
    void rendersConcurrently() throws Exception {
        ThumbnailEngine engine = engine();
        byte[] jpeg = TestImages.jpeg(TestImages.quadrants(2400, 1600));
        byte[] png = TestImages.png(TestImages.halfTransparent(1200, 1200));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<List<Rendition>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] original = i % 2 == 0 ? jpeg : png;
                results.add(pool.submit(() -> engine.render(original, previewAndGrid())));
            }
            for (int i = 0; i < results.size(); i++) {
                Rendition preview = results.get(i).get().get(0);
                if (i % 2 == 0) {
                    assertSize(preview, 1600, 1067);
                    assertQuadrants(decode(preview), RED, GREEN, BLUE, YELLOW);
                } else {
                    assertSize(preview, 1200, 1200);
                    assertThat(preview.format()).isEqualTo(Rendition.PNG);
                }
            }
        }
    }

    @Test
    void hasAName() {
        assertThat(engine().name()).isNotBlank();
    }
}

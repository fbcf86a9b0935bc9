package dev.scrapbook.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.scrapbook.testing.ImageBytes;
import dev.scrapbook.testing.MalformedImages;
import dev.scrapbook.testing.ProgressiveJpegs;

class JpegScansTest {

    private static final long HUNDRED_MEGAPIXELS = 100_000_000L;

    @Test
    void countsOneScanInABaselineJpeg() {
        assertThat(JpegScans.count(baselineJpeg())).isEqualTo(1);
    }

    @Test
    void countsEveryScanOfAProgressiveJpeg() {
        assertThat(JpegScans.count(ProgressiveJpegs.greyscale(64, 64, 96))).isEqualTo(96);
        assertThat(JpegScans.count(ProgressiveJpegs.greyscale(10_000, 10_000, ProgressiveJpegs.MAX_VALID_SCANS)))
                .isEqualTo(883);
    }

    @Test
    void countsScansWhoseDataIsMissing() {
        assertThat(JpegScans.count(ProgressiveJpegs.greyscaleWithoutScanData(64, 64, 300))).isEqualTo(300);
    }

    @Test
    void skipsScanMarkersInsideAnotherSegment() {
        byte[] fakeMarkers = new byte[60];
        Arrays.fill(fakeMarkers, (byte) 0xDA);
        for (int i = 0; i < fakeMarkers.length; i += 2) {
            fakeMarkers[i] = (byte) 0xFF;
        }
        byte[] jpeg = ImageBytes.withAppSegment(baselineJpeg(), 0xE2, fakeMarkers);

        assertThat(JpegScans.count(jpeg)).isEqualTo(1);
    }

    @Test
    void stopsAtTheEndOfTruncatedData() {
        byte[] jpeg = ProgressiveJpegs.greyscale(64, 64, 40);

        assertThat(JpegScans.count(Arrays.copyOf(jpeg, jpeg.length / 2))).isBetween(1, 39);
    }

    @Test
    void allowsTwentyScansAtThePixelLimitAndMoreForSmallerImages() {
        assertThat(JpegScans.maxScans(HUNDRED_MEGAPIXELS, HUNDRED_MEGAPIXELS)).isEqualTo(20);
        assertThat(JpegScans.maxScans(24_000_000, HUNDRED_MEGAPIXELS)).isEqualTo(83);
        assertThat(JpegScans.maxScans(1_000_000, HUNDRED_MEGAPIXELS)).as("a hundred scans of 1 MP are harmless")
                .isEqualTo(JpegScans.MAX_SCANS);
        assertThat(JpegScans.maxScans(1, HUNDRED_MEGAPIXELS)).isEqualTo(JpegScans.MAX_SCANS);
    }

    /** ImageIO's JPEG writer makes baseline (one-scan) files. */
    private static byte[] baselineJpeg() {
        return MalformedImages.validSamples().get("jpeg");
    }
}

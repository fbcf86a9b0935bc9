package dev.scrapbook.thumbnail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.scrapbook.testing.ImageBytes;

class JpegScansTest {

    @Test
    void countsOneScanInABaselineJpeg() {
        assertThat(JpegScans.count(TestImages.jpeg(TestImages.noise(64, 64)))).isEqualTo(1);
    }

    @Test
    void countsEveryScanOfAProgressiveJpeg() {
        assertThat(JpegScans.count(TestImages.fixture("many-scans.jpg"))).isEqualTo(96);
        assertThat(JpegScans.count(TestImages.progressiveJpeg(TestImages.noise(64, 64)))).isBetween(2, 12);
    }

    @Test
    void skipsScanMarkersInsideAnotherSegment() {
        byte[] fakeMarkers = new byte[60];
        Arrays.fill(fakeMarkers, (byte) 0xDA);
        for (int i = 0; i < fakeMarkers.length; i += 2) {
            fakeMarkers[i] = (byte) 0xFF;
        }
        byte[] jpeg = ImageBytes.withAppSegment(TestImages.jpeg(TestImages.noise(64, 64)), 0xE2, fakeMarkers);

        assertThat(JpegScans.count(jpeg)).isEqualTo(1);
    }

    @Test
    void stopsAtTheEndOfTruncatedData() {
        byte[] jpeg = TestImages.progressiveJpeg(TestImages.noise(64, 64));

        assertThat(JpegScans.count(Arrays.copyOf(jpeg, jpeg.length / 2))).isPositive();
    }
}

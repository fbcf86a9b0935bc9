package dev.scrapbook.thumbnail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceSubsamplingTest {

    @Test
    void stepsOverWholeMultiplesOfTheTarget() {
        assertThat(SourceSubsampling.factor(new Size(6000, 4000), new Size(1600, 1067))).isEqualTo(3);
        assertThat(SourceSubsampling.factor(new Size(5312, 2988), new Size(1600, 900))).isEqualTo(3);
    }

    @Test
    void neverDecodesBelowTheTarget() {
        assertThat(SourceSubsampling.factor(new Size(3199, 2000), new Size(1600, 1000))).isEqualTo(1);
        assertThat(SourceSubsampling.factor(new Size(3200, 2000), new Size(1600, 1000))).isEqualTo(2);
    }

    @Test
    void keepsEveryPixelWhenNoShrinkIsNeeded() {
        assertThat(SourceSubsampling.factor(new Size(800, 600), new Size(800, 600))).isEqualTo(1);
    }

    @Test
    void followsTheLimitingSide() {
        assertThat(SourceSubsampling.factor(new Size(10_000, 1_000), new Size(1600, 160))).isEqualTo(6);
        assertThat(SourceSubsampling.factor(new Size(10_000, 1_000), new Size(1600, 400))).isEqualTo(2);
    }
}

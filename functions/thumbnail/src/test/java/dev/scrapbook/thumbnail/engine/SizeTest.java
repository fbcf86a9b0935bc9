package dev.scrapbook.thumbnail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizeTest {

    private static final Box PREVIEW = new Box(1600, 1600);

    @Test
    void fitsTheLimitingSideExactly() {
        assertThat(new Size(6000, 4000).fittedInto(PREVIEW)).isEqualTo(new Size(1600, 1067));
        assertThat(new Size(4000, 6000).fittedInto(PREVIEW)).isEqualTo(new Size(1067, 1600));
    }

    @Test
    void keepsASizeThatAlreadyFits() {
        assertThat(new Size(1600, 10).fittedInto(PREVIEW)).isEqualTo(new Size(1600, 10));
    }

    @Test
    void keepsAtLeastOnePixelOfAnExtremeStrip() {
        assertThat(new Size(100_000, 3).fittedInto(PREVIEW)).isEqualTo(new Size(1600, 1));
        assertThat(new Size(2, 100_000).fittedInto(new Box(400, 400))).isEqualTo(new Size(1, 400));
    }
}

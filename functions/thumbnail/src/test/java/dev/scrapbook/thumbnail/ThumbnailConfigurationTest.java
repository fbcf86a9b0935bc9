package dev.scrapbook.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The engine setting; libvips is installed wherever the test suite runs (test.sh sees to it). */
class ThumbnailConfigurationTest {

    @Test
    void takesLibvipsWhenItLoads() {
        assertThat(ThumbnailConfiguration.choose("auto", 100_000_000).name()).isEqualTo("libvips");
    }

    @Test
    void forcesTheEngineAsked() {
        assertThat(ThumbnailConfiguration.choose("java", 100_000_000).name()).isEqualTo("java");
        assertThat(ThumbnailConfiguration.choose(" VIPS ", 100_000_000).name()).isEqualTo("libvips");
    }

    @Test
    void refusesAnUnknownEngine() {
        assertThatThrownBy(() -> ThumbnailConfiguration.choose("imagemagick", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, vips or java");
    }
}

package dev.scrapbook.thumbnail.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The libvips engine against the same conformance suite as the Java one. libvips is a requirement
 * of the test suite (test.sh installs Debian's libvips42), so a missing library fails here rather
 * than skipping.
 */
class VipsThumbnailEngineTest extends ThumbnailEngineConformanceTest {

    private static final ThumbnailEngine ENGINE = VipsThumbnailEngine.load(JavaThumbnailEngine.DEFAULT_MAX_PIXELS)
            .orElseThrow(() -> new AssertionError("libvips could not be loaded: " + VipsThumbnailEngine.unavailableReason()));

    @Override
    protected ThumbnailEngine engine() {
        return ENGINE;
    }

    @Override
    protected ThumbnailEngine engineWithPixelLimit(long maxPixels) {
        return VipsThumbnailEngine.load(maxPixels).orElseThrow();
    }

    @Test
    void isNamedAfterTheLibrary() {
        assertThat(ENGINE.name()).isEqualTo("libvips");
        assertThat(((VipsThumbnailEngine) ENGINE).libraryVersion()).startsWith("8.");
    }

    @Test
    void refusesANonPositivePixelLimit() {
        assertThatThrownBy(() -> VipsThumbnailEngine.load(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

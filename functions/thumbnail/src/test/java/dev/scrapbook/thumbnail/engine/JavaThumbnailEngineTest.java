package dev.scrapbook.thumbnail.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class JavaThumbnailEngineTest extends ThumbnailEngineConformanceTest {

    private static final ThumbnailEngine ENGINE = new JavaThumbnailEngine();

    @Override
    protected ThumbnailEngine engine() {
        return ENGINE;
    }

    @Override
    protected ThumbnailEngine engineWithPixelLimit(long maxPixels) {
        return new JavaThumbnailEngine(maxPixels);
    }

    @Test
    void putsTwelveMonkeysJpegReaderFirst() {
        new JavaThumbnailEngine();

        assertThat(ImageIO.getImageReadersByFormatName("jpeg").next().getClass().getName())
                .startsWith("com.twelvemonkeys.");
    }

    @Test
    void refusesANonPositivePixelLimit() {
        assertThatThrownBy(() -> new JavaThumbnailEngine(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

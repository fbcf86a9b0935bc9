package dev.scrapbook.thumbnail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.scrapbook.testing.MalformedImages;

/**
 * Every thumbnail engine on hostile bytes: renditions that fit their boxes, or an
 * {@link UndecodableImageException}; never another exception, a hang or an out-of-memory (the surefire
 * JVM's heap is the limit). Jazzer runs the fuzz target on its stored inputs under plain JUnit and fuzzes
 * it with JAZZER_FUZZ=1 (see docs/RELIABILITY.md).
 */
class ThumbnailEngineFuzzTest {

    /** A new engine joins every case here with one line. */
    static final List<ThumbnailEngine> ENGINES = List.of(
            new JavaThumbnailEngine(20_000_000L),
            VipsThumbnailEngine.load(20_000_000L).orElseThrow(
                    () -> new IllegalStateException("libvips42 is missing: ./test.sh installs it")));

    private static final List<Box> BOXES = TestImages.previewAndGrid();

    @FuzzTest(maxDuration = "15s")
    void enginesRenderOrRefuse(byte[] bytes) {
        for (ThumbnailEngine engine : ENGINES) {
            renderOrRefuse(engine, bytes);
        }
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("corpusForEveryEngine")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void rendersOrRefusesEveryMalformedFile(String name, ThumbnailEngine engine, byte[] bytes) {
        renderOrRefuse(engine, bytes);
    }

    static Stream<Arguments> corpusForEveryEngine() {
        return ENGINES.stream().flatMap(engine -> MalformedImages.corpus().entrySet().stream()
                .map(e -> Arguments.of(e.getKey(), engine, e.getValue())));
    }

    private static void renderOrRefuse(ThumbnailEngine engine, byte[] bytes) {
        List<Rendition> renditions;
        try {
            renditions = engine.render(bytes, BOXES);
        } catch (UndecodableImageException refused) {
            assertThat(refused.getMessage()).as(engine.name() + " says why").isNotBlank();
            return;
        }
        assertThat(renditions).hasSize(BOXES.size());
        for (int i = 0; i < BOXES.size(); i++) {
            Rendition rendition = renditions.get(i);
            assertThat(rendition.width()).isBetween(1, BOXES.get(i).maxWidth());
            assertThat(rendition.height()).isBetween(1, BOXES.get(i).maxHeight());
            assertThat(rendition.bytes()).isNotEmpty();
        }
    }
}

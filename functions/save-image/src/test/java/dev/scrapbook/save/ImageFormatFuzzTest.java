package dev.scrapbook.save;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.scrapbook.testing.MalformedImages;
import dev.scrapbook.web.ApiProblem;

/**
 * The header inspection (format, size, JPEG scans) on hostile bytes: every input is either an accepted
 * format with a positive size or a 4xx refusal; never another exception, a hang or an out-of-memory.
 * Jazzer runs the fuzz target on its stored inputs under plain JUnit and fuzzes it with JAZZER_FUZZ=1
 * (see docs/RELIABILITY.md).
 */
class ImageFormatFuzzTest {

    private static final long MAX_PIXELS = 100_000_000L;

    @FuzzTest(maxDuration = "20s")
    void headerInspectionOnlyAcceptsOrRefuses(byte[] bytes) {
        inspect(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void refusesOrSizesEveryMalformedFile(String name, byte[] bytes) {
        inspect(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notImages")
    void refusesPolyglotsAndNonImagesThatAreNotImagesAtAll(String name, byte[] bytes) {
        assertThat(outcome(bytes)).isInstanceOfSatisfying(ApiProblem.class,
                problem -> assertThat(problem.status().value()).isEqualTo(415));
    }

    static Stream<Arguments> corpus() {
        return MalformedImages.corpus().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    static Stream<Arguments> notImages() {
        Map<String, byte[]> corpus = MalformedImages.corpus();
        return Stream.of("svg", "svg with xml prolog", "html", "html with jpeg magic", "gif/javascript polyglot",
                "bmp", "empty", "one zero byte").map(name -> Arguments.of(name, corpus.get(name)));
    }

    private static void inspect(byte[] bytes) {
        Object outcome = outcome(bytes);
        if (outcome instanceof ImageFormat format) {
            assertThat(ImageFormat.ACCEPTED).contains(format.format());
            assertThat(format.width()).isPositive();
            assertThat(format.height()).isPositive();
        } else {
            assertThat(((ApiProblem) outcome).status().is4xxClientError()).isTrue();
        }
    }

    /** The format, or the ApiProblem it was refused with; any other throwable escapes and fails the test. */
    private static Object outcome(byte[] bytes) {
        try {
            return ImageFormat.checked(bytes, MAX_PIXELS);
        } catch (ApiProblem problem) {
            return problem;
        }
    }
}

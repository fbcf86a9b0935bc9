package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The gallery page in a real browser (Debian's Chromium driven by Playwright, e2e/gallery.mjs): sign up,
 * upload, see the thumbnail appear without a reload, open the preview, make an API token. It leaves a
 * screenshot at local/target/gallery.png.
 */
class GalleryPageBrowserTest extends LocalRuntimeTest {

    @Test
    void signUpUploadAndSeeTheThumbnailAppear() throws Exception {
        Path script = Path.of("..", "e2e", "gallery.mjs").toAbsolutePath().normalize();
        Path screenshot = Path.of("target", "gallery.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        Process browser = new ProcessBuilder("node", script.toString(), baseUrl(), photos().get(0).toString(),
                screenshot.toString())
                .redirectErrorStream(true)
                .start();
        String output;
        boolean finished = browser.waitFor(150, TimeUnit.SECONDS);
        output = new String(browser.getInputStream().readAllBytes());
        if (!finished) {
            browser.destroyForcibly();
        }
        assertThat(finished).as("browser test finished in time: " + output).isTrue();
        assertThat(browser.exitValue()).as(output).isZero();
        assertThat(screenshot).exists();
    }
}

package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The gallery page in a real browser (Debian's Chromium driven by Playwright): e2e/gallery.mjs signs up,
 * uploads, sees the thumbnail appear without a reload, opens the preview, makes an API token;
 * e2e/sharing.mjs shares by the dialog and by link. Screenshots land in local/target/.
 */
class GalleryPageBrowserTest extends LocalRuntimeTest {

    @Test
    void signUpUploadAndSeeTheThumbnailAppear() throws Exception {
        runBrowserScript("gallery.mjs", "gallery.png");
    }

    /** Share dialog by real clicks, the link opened logged out, "Shared with me" and keeping a copy. */
    @Test
    void shareWithAFriendAndByLink() throws Exception {
        runBrowserScript("sharing.mjs", "sharing.png");
    }

    private void runBrowserScript(String name, String screenshotName) throws Exception {
        Path script = Path.of("..", "e2e", name).toAbsolutePath().normalize();
        Path screenshot = Path.of("target", screenshotName).toAbsolutePath();
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

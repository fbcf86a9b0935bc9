package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The browser extension in a real Chromium against the real local runtime (e2e/extension.mjs, headed under
 * Xvfb: the host-permission prompt and the context menu exist only there). Connects through the options page,
 * saves by URL, from a srcset, from a lazy data-src, a cookie-only image through the upload fallback, three
 * images through the picker, each by a real right-click on a real menu item of the "Save to Scrapbook" submenu;
 * then finds them all in the gallery API with their page URL. Then boards: "Choose board…" and the chooser, the
 * submenu's last boards used (a new and an already-saved image, each found on its board through the API), the
 * picker's selection put on a board; a photograph saved again as another file, whose notification says when it
 * was first saved; and the keyboard shortcut (a real key press), saving the image under the pointer or, with
 * none there, opening the picker.
 */
class ExtensionBrowserTest extends LocalRuntimeTest {

    private static final ExtensionTestSite SITE = ExtensionTestSite.on(WEB);

    @Test
    void savesImagesFromRealPagesThroughTheExtension() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        run(root, "node", root.resolve("extension/build.mjs").toString());
        // The server is named "localhost" and the pages "127.0.0.1": the permission granted for the server then
        // does not cover the pages, so reading them must go through activeTab, as it does on real sites.
        String server = "http://localhost:" + port;
        String output = run(root, "xvfb-run", "-a", "-s", "-screen 0 1280x1024x24",
                "node", root.resolve("e2e/extension.mjs").toString(), server, WEB.site("/ext/"),
                root.resolve("extension/dist/chrome").toString(), root.resolve("local/target/extension").toString());
        assertThat(output).contains("PASS extension e2e");
        assertThat(SITE.refusedWithoutCookie.get()).as("the server's own fetch of the cookie-only image was refused")
                .isPositive();
        assertThat(SITE.servedWithCookie.get()).as("the page's fetch, with its cookie, got the image").isPositive();
    }

    static String run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        boolean finished = process.waitFor(480, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes());
        if (!finished) {
            process.destroyForcibly();
        }
        System.out.println(output);
        assertThat(finished).as("finished in time: " + output).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }
}

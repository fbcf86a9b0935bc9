package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Boards, search and looking through the gallery in a real browser (Debian's Chromium driven by Playwright), by
 * real clicks and keys; each script checks what the page did against the API. Screenshots, light and dark, land in
 * local/target/screenshots/.
 */
class OrganisingPageBrowserTest extends LocalRuntimeTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    /** Board list and view, adding by selection and from the preview, arranging, members, links, deleting. */
    @Test
    void boardsAndChoosingSeveralImages() throws Exception {
        runBrowserScript("boards.mjs", List.of("boards-light.png", "board-light.png", "board-dark.png"));
    }

    /** The search box and its filters give exactly the images asked for, paging kept; "Shared with me" too. */
    @Test
    void searchWithFiltersAndInSharedWithMe() throws Exception {
        runBrowserScript("search.mjs", List.of("search.png"));
    }

    /** Justified rows of the pictures' own shapes, the keyboard, titles and notes, the same picture saved twice, dark mode. */
    @Test
    void justifiedRowsKeyboardNotesSimilarPicturesAndDarkMode() throws Exception {
        runBrowserScript("browsing.mjs", List.of("browsing-light.png", "preview-similar.png", "browsing-dark.png", "preview-dark.png"));
    }

    private void runBrowserScript(String name, List<String> screenshots) throws Exception {
        Path script = Path.of("..", "e2e", name).toAbsolutePath().normalize();
        for (String screenshot : screenshots) {
            Files.deleteIfExists(SCREENSHOTS.resolve(screenshot));
        }
        photos(); // fails with the way to fetch them when they are missing
        Process browser = new ProcessBuilder("node", script.toString(), baseUrl(), PHOTOS.toString(), SCREENSHOTS.toString())
                .redirectErrorStream(true)
                .start();
        boolean finished = browser.waitFor(270, TimeUnit.SECONDS);
        if (!finished) {
            browser.destroyForcibly();
        }
        String output = new String(browser.getInputStream().readAllBytes());
        assertThat(finished).as("browser test finished in time: " + output).isTrue();
        assertThat(browser.exitValue()).as(output).isZero();
        for (String screenshot : screenshots) {
            assertThat(SCREENSHOTS.resolve(screenshot)).exists();
        }
    }
}

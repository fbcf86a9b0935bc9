package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * "Your data" on the Account view in a real browser (Debian's Chromium driven by Playwright, e2e/export-import.mjs):
 * the export downloaded from the page, then imported from the page into another account, and a zip of plain files
 * with a refused entry. Screenshots export.png and import.png land in local/target/.
 */
class ExportImportBrowserTest extends LocalRuntimeTest {

    @Test
    void downloadTheScrapbookAndImportItFromThePage() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path plainZip = target.resolve("plain-import.zip");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("photos/kestrel.jpg", TestJpegs.small());
        entries.put("notes.txt", "not a picture".getBytes());
        Files.write(plainZip, Zips.zip(entries));
        for (String shot : new String[] {"export.png", "import.png"}) {
            Files.deleteIfExists(target.resolve(shot));
        }
        Path script = Path.of("..", "e2e", "export-import.mjs").toAbsolutePath().normalize();
        Process browser = new ProcessBuilder("node", script.toString(), baseUrl(), photos().get(0).toString(),
                plainZip.toString(), target.toString())
                .redirectErrorStream(true)
                .start();
        boolean finished = browser.waitFor(170, TimeUnit.SECONDS);
        String output = new String(browser.getInputStream().readAllBytes());
        if (!finished) {
            browser.destroyForcibly();
        }
        assertThat(finished).as("browser test finished in time: " + output).isTrue();
        assertThat(browser.exitValue()).as(output).isZero();
        assertThat(target.resolve("export.png")).exists();
        assertThat(target.resolve("import.png")).exists();
    }
}

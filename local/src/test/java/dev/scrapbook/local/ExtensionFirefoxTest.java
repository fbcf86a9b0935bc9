package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The Firefox package in Debian's Firefox ESR (e2e/extension-firefox.mjs over WebDriver BiDi): it installs,
 * connects through its options page, its background script answers, and its menu handler saves an image
 * that the gallery API then lists. Playwright can't drive a stock Firefox, so the context menu itself and
 * activeTab are exercised in Chromium only (ExtensionBrowserTest).
 */
class ExtensionFirefoxTest extends LocalRuntimeTest {

    @Test
    void firefoxPackageConnectsAndSaves() throws Exception {
        ExtensionTestSite.on(WEB);
        Path root = Path.of("..").toAbsolutePath().normalize();
        ExtensionBrowserTest.run(root, "node", root.resolve("extension/build.mjs").toString());
        String output = ExtensionBrowserTest.run(root, "node", "--experimental-websocket",
                root.resolve("e2e/extension-firefox.mjs").toString(), "http://localhost:" + port, WEB.site("/ext/"),
                root.resolve("extension/dist/scrapbook-firefox.zip").toString());
        assertThat(output).contains("PASS firefox extension smoke");
    }
}

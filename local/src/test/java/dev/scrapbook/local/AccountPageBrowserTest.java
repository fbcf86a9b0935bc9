package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The Account view in a real browser (Debian's Chromium driven by Playwright): e2e/account.mjs changes the password
 * and logs in with the new one, then deletes the account and finds that logging in fails. Screenshots land in
 * local/target/ (account.png, account-confirm.png).
 */
class AccountPageBrowserTest extends LocalRuntimeTest {

    @Test
    void changeThePasswordThenDeleteTheAccount() throws Exception {
        Path script = Path.of("..", "e2e", "account.mjs").toAbsolutePath().normalize();
        Path screenshot = Path.of("target", "account.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        Process browser = new ProcessBuilder("node", script.toString(), baseUrl(), photos().get(0).toString(),
                screenshot.toString())
                .redirectErrorStream(true)
                .start();
        boolean finished = browser.waitFor(150, TimeUnit.SECONDS);
        String output = new String(browser.getInputStream().readAllBytes());
        if (!finished) {
            browser.destroyForcibly();
        }
        assertThat(finished).as("browser test finished in time: " + output).isTrue();
        assertThat(browser.exitValue()).as(output).isZero();
        assertThat(screenshot).exists();
        assertThat(Path.of("target", "account-confirm.png")).exists();
    }
}

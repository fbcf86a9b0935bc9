package dev.scrapbook.save.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FetchSettingsTest {

    @Test
    void defaultsAreSafe() {
        FetchSettings defaults = FetchSettings.defaults();

        assertThat(defaults.allowedHosts()).isEmpty();
        assertThat(defaults.maxBytes()).isEqualTo(25L * 1024 * 1024);
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.maxRedirects()).isEqualTo(5);
    }

    @Test
    void parsesCommaSeparatedAllowListIntoLowerCaseHostPort() {
        assertThat(FetchSettings.parseAllowedHosts(" 127.0.0.1:8080, Fixtures.Local:9000 ,,[::1]:80"))
                .containsExactlyInAnyOrder("127.0.0.1:8080", "fixtures.local:9000", "[::1]:80");
    }

    @Test
    void treatsBlankAllowListAsEmpty() {
        assertThat(FetchSettings.parseAllowedHosts("")).isEmpty();
        assertThat(FetchSettings.parseAllowedHosts(null)).isEmpty();
        assertThat(new FetchSettings(null, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0).allowedHosts())
                .isEmpty();
    }

    @Test
    void rejectsAllowListEntryWithoutExplicitPort() {
        assertThatThrownBy(() -> FetchSettings.parseAllowedHosts("localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        assertThatThrownBy(() -> FetchSettings.defaults().withAllowedHosts(Set.of("user@localhost:80")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonPositiveLimits() {
        assertThatThrownBy(() -> FetchSettings.defaults().withMaxBytes(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FetchSettings.defaults().withReadTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

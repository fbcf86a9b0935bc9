package dev.scrapbook.save.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each redirect hop is checked like the first URL; only the allow-listed origin is ever contacted. */
class SafeFetcherRedirectTest {

    private static final byte[] IMAGE = "redirected image".getBytes(StandardCharsets.US_ASCII);

    private final LoopbackOnlySockets sockets = new LoopbackOnlySockets();
    private final FakeResolver resolver = new FakeResolver().answer("metadata.test", "169.254.169.254");
    private TestServer origin;
    private TestServer unlisted;
    private SafeFetcher fetcher;

    @BeforeEach
    void startServers() throws IOException {
        origin = TestServer.start().serving("/image", "image/png", IMAGE);
        unlisted = TestServer.start().serving("/secret", "text/plain", "internal".getBytes(StandardCharsets.US_ASCII));
        fetcher = Fetchers.watched(FetchSettings.defaults().withAllowedHosts(Set.of(origin.hostPort())), resolver, sockets);
    }

    @AfterEach
    void stopServers() {
        origin.close();
        unlisted.close();
    }

    @Test
    void followsRelativeRedirectWithinAllowListedOrigin() {
        origin.redirecting("/start", "image");

        assertThat(fetcher.fetch(origin.url("/start"))).isInstanceOfSatisfying(FetchedImage.class, image -> {
            assertThat(image.bytes()).isEqualTo(IMAGE);
            assertThat(image.finalUrl().toString()).isEqualTo(origin.url("/image"));
        });
    }

    @Test
    void followsFiveRedirects() {
        chainOfRedirects(5);

        assertThat(fetcher.fetch(origin.url("/r/0"))).isInstanceOf(FetchedImage.class);
        assertThat(origin.requests()).isEqualTo(6);
    }

    @Test
    void refusesMoreThanFiveRedirects() {
        chainOfRedirects(6);

        assertThat(fetcher.fetch(origin.url("/r/0"))).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.reason()).contains("more than 5 redirects"));
        assertThat(origin.requests()).isEqualTo(6);
    }

    @Test
    void refusesRedirectToLoopbackPortThatIsNotAllowListed() {
        origin.redirecting("/start", unlisted.url("/secret"));

        assertThat(fetcher.fetch(origin.url("/start"))).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.detail()).contains("loopback"));
        assertThat(unlisted.requests()).isZero();
        assertOnlyOriginWasContacted();
    }

    @Test
    void refusesRedirectToPrivateAddress() {
        origin.redirecting("/start", "http://10.0.0.1/");

        assertThat(fetcher.fetch(origin.url("/start"))).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.detail()).contains("private"));
        assertOnlyOriginWasContacted();
    }

    @Test
    void refusesRedirectToMetadataAddress() {
        origin.redirecting("/start", "http://169.254.169.254/latest/meta-data/");

        assertThat(fetcher.fetch(origin.url("/start"))).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.detail()).contains("link-local"));
        assertOnlyOriginWasContacted();
    }

    @Test
    void refusesRedirectToNameResolvingToMetadataAddress() {
        origin.redirecting("/start", "http://metadata.test/latest/meta-data/");

        assertThat(fetcher.fetch(origin.url("/start"))).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.detail()).contains("169.254.169.254"));
        assertOnlyOriginWasContacted();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1:6379/_INFO"})
    void refusesRedirectToNonHttpScheme(String location) {
        origin.redirecting("/start", location);

        assertThat(fetcher.fetch(origin.url("/start"))).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.reason()).contains("not http or https"));
        assertOnlyOriginWasContacted();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://[::1]/", "http://2130706433/", "http://[::ffff:127.0.0.1]/"})
    void refusesRedirectToDisguisedLoopback(String location) {
        origin.redirecting("/start", location);

        assertThat(fetcher.fetch(origin.url("/start"))).isInstanceOf(FetchRefused.class);
        assertOnlyOriginWasContacted();
    }

    @Test
    void refusesRedirectToUrlWithCredentials() {
        origin.redirecting("/start", "http://user:pw@" + origin.hostPort() + "/image");

        assertThat(fetcher.fetch(origin.url("/start"))).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.reason()).contains("credentials"));
        assertThat(origin.requests()).isEqualTo(1);
    }

    @Test
    void reportsRedirectWithoutLocationAsOriginFailure() {
        origin.on("/start", exchange -> {
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });

        assertThat(fetcher.fetch(origin.url("/start"))).isInstanceOfSatisfying(FetchFailed.class,
                failed -> assertThat(failed.originStatus()).hasValue(302));
    }

    private void chainOfRedirects(int redirects) {
        for (int hop = 0; hop < redirects; hop++) {
            origin.redirecting("/r/" + hop, "/r/" + (hop + 1));
        }
        origin.serving("/r/" + redirects, "image/png", IMAGE);
    }

    private void assertOnlyOriginWasContacted() {
        assertThat(sockets.attempts()).isNotEmpty()
                .extracting(InetSocketAddress::getPort)
                .containsOnly(origin.port());
    }
}

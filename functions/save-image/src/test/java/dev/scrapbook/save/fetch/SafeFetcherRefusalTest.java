package dev.scrapbook.save.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** URLs the guard refuses before any connection is attempted. */
@ExtendWith(OutputCaptureExtension.class)
class SafeFetcherRefusalTest {

    private final LoopbackOnlySockets sockets = new LoopbackOnlySockets();
    private final FakeResolver resolver = new FakeResolver()
            .answer("metadata.test", "169.254.169.254")
            .answer("mixed.test", "93.184.216.34", "10.0.0.1")
            .answer("mapped.test", "2606:4700::1", "::ffff:7f00:1");
    private final SafeFetcher fetcher = Fetchers.watched(FetchSettings.defaults(), resolver, sockets);

    @AfterEach
    void noConnectionWasAttempted() {
        assertThat(sockets.attempts()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://127.0.0.1/", "http://127.0.0.2:8080/x.png", "http://0.0.0.0/",
            "http://[::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
            "http://[::127.0.0.1]/", "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/"})
    void refusesLoopbackAddresses(String url) {
        assertRefused(fetcher.fetch(url));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/",
            "http://100.64.0.1/", "http://[fd00::1]/", "http://[fe80::1]/", "http://[::ffff:10.0.0.1]/",
            "http://[64:ff9b::a00:1]/", "http://[2002:c0a8:101::1]/", "http://[2001::1]/",
            "http://224.0.0.1/", "http://255.255.255.255/", "http://192.0.2.1/", "http://240.0.0.1/"})
    void refusesPrivateAndReservedAddresses(String url) {
        assertRefused(fetcher.fetch(url));
    }

    @Test
    void refusesMetadataAddress() {
        assertThat(fetcher.fetch("http://169.254.169.254/latest/meta-data/"))
                .isInstanceOfSatisfying(FetchRefused.class,
                        refused -> assertThat(refused.detail()).contains("link-local"));
    }

    @Test
    void refusesNameResolvingToMetadataAddress() {
        assertThat(fetcher.fetch("http://metadata.test/latest/meta-data/"))
                .isInstanceOfSatisfying(FetchRefused.class,
                        refused -> {
                            assertThat(refused.detail()).contains("169.254.169.254");
                            assertThat(refused.reason()).as("what the caller hears").isEqualTo(Refusal.NOT_PUBLIC);
                        });
        assertThat(resolver.lookups()).isEqualTo(1);
    }

    @Test
    void refusesNameWhenAnyResolvedAddressIsNotPublic() {
        assertThat(fetcher.fetch("http://mixed.test/cat.jpg"))
                .isInstanceOfSatisfying(FetchRefused.class,
                        refused -> assertThat(refused.detail()).contains("10.0.0.1"));
        assertThat(fetcher.fetch("https://mapped.test/cat.jpg")).isInstanceOf(FetchRefused.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/",
            "http://0x7f000001/", "http://127.1/", "http://127.0.1/", "http://017700000001/",
            "http://127.0.0.1./", "http://93.184.216.034/", "http://1.2.3.4.5/"})
    void refusesAmbiguousNumericHostsWithoutResolvingThem(String url) {
        assertThat(fetcher.fetch(url)).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.reason()).contains("ambiguous"));
        assertThat(resolver.lookups()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ftp://example.test/cat.png", "file:///etc/passwd", "gopher://example.test/",
            "javascript:alert(1)", "data:image/png;base64,iVBORw0KGgo="})
    void refusesSchemesOtherThanHttpAndHttps(String url) {
        assertThat(fetcher.fetch(url)).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.reason()).contains("only http and https"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://user:pass@example.test/cat.png", "http://user@example.test/",
            "https://a:b@93.184.216.34/"})
    void refusesUrlsWithCredentials(String url) {
        assertThat(fetcher.fetch(url)).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.reason()).contains("credentials"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "http://", "http://:80/", "https://?x", "not a url"})
    void refusesUrlsWithoutHost(String url) {
        assertRefused(fetcher.fetch(url));
    }

    @Test
    void refusesNullUrl() {
        assertRefused(fetcher.fetch(null));
    }

    /** What the caller doesn't hear goes to the log, where an operator can see why a save was refused. */
    @Test
    void logsWhatItDoesNotAnswer(CapturedOutput log) {
        assertThat(fetcher.fetch("http://metadata.test/latest/meta-data/")).isInstanceOf(FetchRefused.class);

        assertThat(log.getOut()).contains("refused to fetch from metadata.test: metadata.test resolves to"
                + " 169.254.169.254, a link-local address");
    }

    /** A name that does not resolve and one that resolves to a private address get the same answer. */
    @Test
    void refusesANameThatDoesNotResolveAsItRefusesAPrivateOne() {
        FetchOutcome unknown = fetcher.fetch("http://nowhere.test/cat.png");
        FetchOutcome metadata = fetcher.fetch("http://metadata.test/cat.png");

        assertThat(unknown).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.detail()).contains("nowhere.test does not resolve"));
        assertThat(((FetchRefused) unknown).reason()).isEqualTo(((FetchRefused) metadata).reason());
    }

    @Test
    void connectsOnlyToTheAddressItCheckedEvenIfDnsLaterAnswersLoopback() {
        LoopbackOnlySockets watched = new LoopbackOnlySockets();
        FakeResolver rebinding = new FakeResolver().answer("rebind.test", "93.184.216.34").answer("rebind.test", "127.0.0.1");
        SafeFetcher rebindFetcher = Fetchers.watched(FetchSettings.defaults(), rebinding, watched);

        // The test sockets stop the public address before a packet leaves, so this fails to connect.
        assertThat(rebindFetcher.fetch("http://rebind.test/cat.png")).isInstanceOf(FetchFailed.class);

        assertThat(rebinding.lookups()).isEqualTo(1);
        assertThat(watched.attempts()).isNotEmpty()
                .extracting(InetSocketAddress::getAddress)
                .containsOnly(InetAddress.ofLiteral("93.184.216.34"));
    }

    private static void assertRefused(FetchOutcome outcome) {
        assertThat(outcome).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.reason()).isNotBlank());
    }
}

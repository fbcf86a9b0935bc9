package dev.scrapbook.save.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SSRF cases beyond the core set: names that resolve to private addresses, userinfo and parser tricks,
 * trailing dots, zone ids, non-default ports, redirects to such targets. Names resolve through a
 * {@link FakeResolver}, so a verdict on a name is checked without DNS and without connecting anywhere
 * but loopback.
 */
class SsrfHardeningTest {

    private static final byte[] IMAGE = "image".getBytes(StandardCharsets.US_ASCII);

    private final LoopbackOnlySockets sockets = new LoopbackOnlySockets();
    private final FakeResolver resolver = new FakeResolver()
            .answer("internal.test", "10.1.2.3")
            .answer("internal.test.", "10.1.2.3")
            .answer("router.test", "192.168.0.1")
            .answer("localhost.test", "127.0.0.1")
            .answer("localhost.test.", "127.0.0.1")
            // A resolver that honours absolute names answers "localhost." as it answers "localhost".
            .answer("localhost.", "127.0.0.1", "::1")
            .answer("ula.test", "fd12:3456::1")
            .answer("linklocal6.test", "fe80::1")
            .answer("unspecified.test", "0.0.0.0")
            .answer("cgnat.test", "100.64.1.1")
            .answer("public.test", "93.184.216.34")
            .answer("public-then-private.test", "93.184.216.34", "127.0.0.1")
            .answer("private-then-public.test", "192.168.1.10", "2606:4700::1111")
            .answer("dual.test", "2606:4700::1111", "fd00::1");
    private TestServer origin;
    private SafeFetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        origin = TestServer.start().serving("/image", "image/png", IMAGE);
        fetcher = Fetchers.watched(FetchSettings.defaults().withAllowedHosts(Set.of(origin.hostPort())), resolver, sockets);
    }

    @AfterEach
    void stop() {
        origin.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://internal.test/", "http://router.test/admin", "http://localhost.test/",
            "https://ula.test/", "http://linklocal6.test/", "http://unspecified.test/", "http://cgnat.test/"})
    void refusesNamesResolvingToPrivateAddresses(String url) {
        assertThat(fetcher.fetch(url)).isInstanceOfSatisfying(FetchRefused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Refusal.NOT_PUBLIC));
        assertThat(sockets.attempts()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://public-then-private.test/", "http://private-then-public.test/", "http://dual.test/"})
    void refusesNameResolvingToBothPublicAndPrivateAddresses(String url) {
        assertThat(fetcher.fetch(url)).isInstanceOf(FetchRefused.class);
        assertThat(sockets.attempts()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://internal.test./", "http://localhost.test./x.png", "http://localhost./"})
    void refusesTrailingDotNames(String url) throws Exception {
        UrlGuard guard = new UrlGuard(Set.of(), resolver);

        assertThatThrownBy(() -> guard.permit(HttpUrl.get(url))).isInstanceOf(Refusal.class);
        assertThat(fetcher.fetch(url)).isNotInstanceOf(FetchedImage.class);
        assertThat(sockets.attempts()).isEmpty();
    }

    /**
     * localhost and the names under it are this machine by name (RFC 6761), refused before any lookup: here the
     * resolver would even call them public, and a real one may not know {@code localhost.} at all.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://localhost/", "http://localhost./", "http://LOCALHOST.:8080/", "http://LocalHost/x.png",
            "http://app.localhost/", "http://a.b.localhost./", "https://API.LOCALHOST:8443/"})
    void refusesLoopbackNamesByNameWithoutResolvingThem(String url) {
        FakeResolver lying = new FakeResolver();
        for (String name : new String[] {"localhost", "localhost.", "app.localhost", "a.b.localhost.", "api.localhost"}) {
            lying.answer(name, "93.184.216.34");
        }
        SafeFetcher guarded = Fetchers.watched(FetchSettings.defaults(), lying, sockets);

        assertThat(guarded.fetch(url)).isInstanceOfSatisfying(FetchRefused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(Refusal.NOT_PUBLIC);
            assertThat(refused.detail()).contains("names this machine");
        });
        assertThat(lying.lookups()).isZero();
        assertThat(sockets.attempts()).isEmpty();
    }

    @Test
    void namesThatOnlyContainLocalhostAreJudgedByTheirAddresses() {
        FakeResolver resolver = new FakeResolver().answer("localhost.example", "93.184.216.34")
                .answer("mylocalhost", "93.184.216.34");
        UrlGuard guard = new UrlGuard(Set.of(), resolver);

        assertThatCode(() -> guard.permit(HttpUrl.get("http://localhost.example/"))).doesNotThrowAnyException();
        assertThatCode(() -> guard.permit(HttpUrl.get("http://mylocalhost/"))).doesNotThrowAnyException();
        assertThat(resolver.lookups()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://example.com@127.0.0.1/", "http://public.test@127.0.0.1:80/",
            "http://public.test:80@127.0.0.1/", "http://127.0.0.1%2F@public.test/", "http://@127.0.0.1/",
            "http://public.test%40127.0.0.1@127.0.0.1/"})
    void refusesUserinfoTricks(String url) {
        assertThat(fetcher.fetch(url)).isInstanceOf(FetchRefused.class);
        assertThat(sockets.attempts()).isEmpty();
    }

    @Test
    void readsBackslashAndFragmentTricksAsTheirRealHost() throws Exception {
        UrlGuard guard = new UrlGuard(Set.of(), resolver);

        // A WHATWG parser reads "\" as "/", so the host is public.test and 127.0.0.1 is only in the path.
        assertThat(guard.permit(HttpUrl.get("http://public.test\\@127.0.0.1/")).addresses())
                .containsExactly(InetAddress.ofLiteral("93.184.216.34"));
        assertThatThrownBy(() -> guard.permit(HttpUrl.get("http://127.0.0.1#@public.test/")))
                .isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> guard.permit(HttpUrl.get("http://127.0.0.1?@public.test/")))
                .isInstanceOf(Refusal.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://[fe80::1%25eth0]/", "http://[::1%25lo]/", "http://[fe80::1%eth0]/",
            "http://[::ffff:127.0.0.1%251]/"})
    void refusesIpv6ZoneIds(String url) {
        assertThat(fetcher.fetch(url)).isInstanceOf(FetchRefused.class);
        assertThat(sockets.attempts()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://127.0.0.1:6379/", "http://127.0.0.1:5432/", "https://127.0.0.1:8443/",
            "http://internal.test:8080/", "http://[::1]:15672/", "http://localhost.test:2375/"})
    void refusesPrivateTargetsOnNonDefaultPorts(String url) {
        assertThat(fetcher.fetch(url)).isInstanceOf(FetchRefused.class);
        assertThat(sockets.attempts()).isEmpty();
    }

    @Test
    void allowListIsPerPortNotPerHost() {
        String otherPort = "http://127.0.0.1:" + (origin.port() == 65535 ? 65534 : origin.port() + 1) + "/image";

        assertThat(fetcher.fetch(otherPort)).isInstanceOf(FetchRefused.class);
        assertThat(sockets.attempts()).isEmpty();
    }

    @Test
    void permitsPublicNameOnNonDefaultPortWithOnlyItsCheckedAddress() throws Exception {
        CheckedDns checked = new UrlGuard(Set.of(), resolver).permit(HttpUrl.get("http://public.test:8443/a.png"));

        assertThat(checked.addresses()).containsExactly(InetAddress.ofLiteral("93.184.216.34"));
        assertThatThrownBy(() -> checked.lookup("internal.test")).isInstanceOf(java.net.UnknownHostException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://internal.test/", "http://internal.test:6379/", "https://localhost.test/",
            "http://dual.test/", "http://localhost.test./", "http://example.com@127.0.0.1/",
            "http://[fe80::1%25eth0]/", "jar:http://public.test/x.jar!/", "javascript:alert(1)",
            "data:image/png;base64,iVBORw0KGgo=", "ftp://public.test/"})
    void refusesRedirectsToPrivateOrForeignTargets(String location) {
        origin.redirecting("/start", location);

        assertThat(fetcher.fetch(origin.url("/start"))).isNotInstanceOf(FetchedImage.class);
        assertThat(sockets.attempts()).extracting(a -> a.getPort()).containsOnly(origin.port());
        assertThat(origin.requests()).isEqualTo(1);
    }
}

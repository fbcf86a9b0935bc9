package dev.scrapbook.save.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Talking to an allow-listed loopback origin: bytes, caps, origin errors and timeouts. */
class SafeFetcherDownloadTest {

    private static final long CAP = 64 * 1024;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

    private final LoopbackOnlySockets sockets = new LoopbackOnlySockets();
    private final FakeResolver resolver = new FakeResolver().answer("localhost", "127.0.0.1");
    private TestServer origin;

    @BeforeEach
    void startOrigin() throws IOException {
        origin = TestServer.start();
    }

    @AfterEach
    void stopOrigin() {
        origin.close();
    }

    @Test
    void fetchesBytesFromAllowListedLoopbackServer() {
        origin.serving("/cat.png", "image/png; charset=binary", PNG);

        assertThat(allowListed().fetch(origin.url("/cat.png"))).isInstanceOfSatisfying(FetchedImage.class, image -> {
            assertThat(image.bytes()).isEqualTo(PNG);
            assertThat(image.contentType()).isEqualTo("image/png");
            assertThat(image.finalUrl().toString()).isEqualTo(origin.url("/cat.png"));
        });
    }

    @Test
    void refusesLoopbackServerThatIsNotAllowListed() {
        origin.serving("/cat.png", "image/png", PNG);

        assertThat(fetcher(FetchSettings.defaults()).fetch(origin.url("/cat.png"))).isInstanceOf(FetchRefused.class);
        assertThat(origin.requests()).isZero();
        assertThat(sockets.attempts()).isEmpty();
    }

    @Test
    void allowListMatchesExactHostNotOtherNamesForTheSameAddress() {
        origin.serving("/cat.png", "image/png", PNG);

        assertThat(allowListed().fetch("http://localhost:" + origin.port() + "/cat.png"))
                .isInstanceOf(FetchRefused.class);
        assertThat(origin.requests()).isZero();
    }

    @Test
    void abortsBodyThatGrowsPastTheCap() throws InterruptedException {
        CountDownLatch serverSawAbort = new CountDownLatch(1);
        origin.on("/endless.png", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < 1024; i++) {
                    body.write(chunk);
                }
            } catch (IOException closedByClient) {
                serverSawAbort.countDown();
            }
        });

        assertThat(allowListed().fetch(origin.url("/endless.png"))).isEqualTo(new FetchTooLarge(CAP));
        assertThat(serverSawAbort.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void refusesContentLengthOverTheCapBeforeReadingTheBody() {
        origin.on("/huge.png", exchange -> {
            exchange.sendResponseHeaders(200, CAP + 1);
            exchange.getResponseBody().flush();
            // Sends no body: a client that tried to read it would hit the read timeout instead.
            awaitQuietly(origin.released);
            exchange.close();
        });

        assertThat(allowListed().fetch(origin.url("/huge.png"))).isEqualTo(new FetchTooLarge(CAP));
    }

    @Test
    void acceptsBodyOfExactlyTheCap() {
        origin.serving("/exact.png", "image/png", new byte[(int) CAP]);

        assertThat(allowListed().fetch(origin.url("/exact.png"))).isInstanceOfSatisfying(FetchedImage.class,
                image -> assertThat(image.bytes()).hasSize((int) CAP));
    }

    @ParameterizedTest(name = "origin answers {0}")
    @ValueSource(ints = {403, 404, 500, 503})
    void reportsOriginErrorStatusAsFailure(int status) {
        origin.on("/cat.png", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });

        assertThat(allowListed().fetch(origin.url("/cat.png"))).isInstanceOfSatisfying(FetchFailed.class,
                failed -> assertThat(failed.originStatus()).hasValue(status));
    }

    /**
     * The origin answers nothing until the test ends. The fetch must end on its own read timeout: it returns a
     * timeout failure while the origin is still holding the request (so it was not the origin that let go), after
     * exactly one request. Only a hang (no timeout at all) trips the JUnit timeout; no wall-clock figure is asserted.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givesUpOnAnOriginThatNeverAnswersByItsOwnReadTimeout() {
        origin.on("/slow.png", exchange -> {
            awaitQuietly(origin.released);
            exchange.close();
        });
        SafeFetcher impatient = fetcher(allowListedSettings().withReadTimeout(Duration.ofMillis(300)));

        FetchOutcome outcome = impatient.fetch(origin.url("/slow.png"));

        assertThat(outcome).isInstanceOfSatisfying(FetchFailed.class, failed -> {
            assertThat(failed.originStatus()).isEmpty();
            assertThat(failed.reason()).isEqualTo("the origin timed out");
        });
        assertThat(origin.released.getCount()).as("the origin was still holding the request").isEqualTo(1);
        assertThat(origin.requests()).isEqualTo(1);
    }

    private SafeFetcher allowListed() {
        return fetcher(allowListedSettings());
    }

    private FetchSettings allowListedSettings() {
        return FetchSettings.defaults().withAllowedHosts(Set.of(origin.hostPort())).withMaxBytes(CAP);
    }

    private SafeFetcher fetcher(FetchSettings settings) {
        return Fetchers.watched(settings, resolver, sockets);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.scrapbook.gallery.account.LoginThrottleSettings;
import dev.scrapbook.local.ApiClient.Answer;

/**
 * Log-in attempts are counted in PostgreSQL before the password is hashed: per account from one client address,
 * per account from everywhere (a higher ceiling), and per address. Over a limit is a 429. Every test connects
 * from loopback addresses of its own ({@link #visitor()}), as distinct clients would, so the per-address counts
 * are the server's reading of the connection, and the tests don't count against each other.
 */
class LoginThrottleTest extends LocalRuntimeTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    LoginThrottleSettings settings;

    @Autowired
    JdbcClient db;

    @Test
    void refusesAnAccountFromAnAddressAfterTooManyFailuresEvenWithTheRightPassword() {
        String name = signUp();
        ApiClient client = visitor();
        for (int i = 0; i < settings.maxFailuresPerAccountAndAddress(); i++) {
            assertThat(logIn(client, name, "wrong password " + i).status()).isEqualTo(401);
        }

        Answer refused = logIn(client, name, PASSWORD);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.type()).endsWith("/too-many-attempts");
        OpenApiContract.assertMatches("Problem", refused.body());
        long retryAfter = Long.parseLong(refused.raw().headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, settings.window().toSeconds());
    }

    /** A stranger's five guesses used to lock the owner out for 15 minutes wherever the owner was. */
    @Test
    void theOwnerStillLogsInFromElsewhereAfterAStrangersFailures() {
        String name = signUp();
        ApiClient stranger = visitor();
        for (int i = 0; i <= settings.maxFailuresPerAccountAndAddress(); i++) {
            logIn(stranger, name, "guess " + i);
        }
        assertThat(logIn(stranger, name, PASSWORD).status()).as("the stranger's address is locked out").isEqualTo(429);

        assertThat(logIn(visitor(), name, PASSWORD).status()).isEqualTo(200);
    }

    /** 100 wrong passwords at once used to get 16 guesses through a limit of 5: now each is counted before its hash. */
    @Test
    void aHundredConcurrentWrongLogInsGetNoMoreGuessesThanTheLimit() throws Exception {
        String name = signUp();
        ApiClient client = visitor();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try (ExecutorService guessers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                String guess = "wrong password " + i;
                answers.add(guessers.submit(() -> {
                    start.await();
                    return logIn(client, name, guess).status();
                }));
            }
            start.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }

        int limit = settings.maxFailuresPerAccountAndAddress();
        assertThat(statuses).filteredOn(status -> status == 401).as("guesses answered").hasSizeLessThanOrEqualTo(limit);
        assertThat(db.sql("select count(*) from attempts where action = 'login' and account = ?")
                .param(name.toLowerCase()).query(Long.class).single()).as("guesses claimed, so hashed").isEqualTo(limit);
        // The rest were refused before hashing; 503 is the connection pool's back-pressure under the burst.
        assertThat(statuses).filteredOn(status -> status != 401).allMatch(status -> status == 429 || status == 503);
        assertThat(logIn(client, name, PASSWORD).status()).isEqualTo(429);
    }

    /** The ceiling per account: guesses spread over many addresses are bounded too, at a higher count. */
    @Test
    void refusesAnAccountEverywhereOnceItsCeilingIsReached() {
        String name = signUp();
        int perAddress = settings.maxFailuresPerAccountAndAddress();
        for (int failed = 0; failed < settings.maxFailuresPerAccount(); failed += perAddress) {
            ApiClient stranger = visitor();
            for (int i = 0; i < perAddress; i++) {
                assertThat(logIn(stranger, name, "guess " + i).status()).isEqualTo(401);
            }
        }

        assertThat(logIn(visitor(), name, PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void countsAnUnknownUsernameLikeAKnownOne() {
        String unknown = "nobody" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient client = visitor();
        for (int i = 0; i < settings.maxFailuresPerAccountAndAddress(); i++) {
            assertThat(logIn(client, unknown, "guess " + i).status()).isEqualTo(401);
        }
        assertThat(logIn(client, unknown.toUpperCase(), "guess").status()).isEqualTo(429);
    }

    @Test
    void aLockedAccountDoesNotLockOthers() {
        String locked = signUp();
        ApiClient client = visitor();
        for (int i = 0; i <= settings.maxFailuresPerAccountAndAddress(); i++) {
            logIn(client, locked, "wrong password");
        }
        assertThat(logIn(client, signUp(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aGoodPasswordClearsTheFailuresMadeFromThatAddress() {
        String name = signUp();
        ApiClient client = visitor();
        for (int i = 0; i < settings.maxFailuresPerAccountAndAddress() - 1; i++) {
            logIn(client, name, "wrong password");
        }
        assertThat(logIn(client, name, PASSWORD).status()).isEqualTo(200);
        for (int i = 0; i < settings.maxFailuresPerAccountAndAddress() - 1; i++) {
            assertThat(logIn(client, name, "wrong password").status()).isEqualTo(401);
        }
    }

    /**
     * Credential stuffing: one address trying many accounts. Over HTTP from real source addresses, so a server
     * that counted anything but the connection's address (a random one, a header) would let the last one through.
     */
    @Test
    void refusesAClientAddressThatFailedOnTooManyAccounts() {
        ApiClient stuffer = visitor();
        for (int i = 0; i < settings.maxFailuresPerAddress(); i++) {
            assertThat(logIn(stuffer, "stuffed" + i + UUID.randomUUID().toString().substring(0, 8), "guess").status())
                    .isEqualTo(401);
        }

        Answer refused = logIn(stuffer, signUp(), PASSWORD);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.type()).endsWith("/too-many-attempts");
        assertThat(logIn(visitor(), "someone-new", "guess").status()).as("another address").isEqualTo(401);
    }

    @Test
    void countsTheConnectionsAddressNotAClaimedOne() {
        String claimed = "198.51.100." + (1 + (int) (Math.random() * 250));
        db.sql("delete from attempts where address = ?").param(claimed).update();

        Answer answer = visitor().withHeader("X-Forwarded-For", claimed)
                .post("/api/account/login", Map.of("username", signUp(), "password", "wrong password"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(db.sql("select count(*) from attempts where address = ?").param(claimed).query(Long.class).single())
                .isZero();
    }

    private String signUp() {
        String name = "t" + UUID.randomUUID().toString().substring(0, 12);
        assertThat(api().post("/api/account/signup", Map.of("username", name, "password", PASSWORD)).status())
                .isEqualTo(201);
        return name;
    }

    private static Answer logIn(ApiClient client, String name, String password) {
        return client.post("/api/account/login", Map.of("username", name, "password", password));
    }
}

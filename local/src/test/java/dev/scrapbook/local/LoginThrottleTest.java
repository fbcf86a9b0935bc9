package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.scrapbook.gallery.account.LoginThrottle;
import dev.scrapbook.gallery.account.LoginThrottleSettings;
import dev.scrapbook.gallery.account.LoginThrottled;
import dev.scrapbook.local.ApiClient.Answer;

/** Failed log-ins are counted in PostgreSQL per account and per client address; over the limit is a 429. */
class LoginThrottleTest extends LocalRuntimeTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    LoginThrottle throttle;

    @Autowired
    LoginThrottleSettings settings;

    @Autowired
    JdbcClient db;

    @Test
    void refusesAnAccountAfterTooManyFailuresEvenWithTheRightPassword() {
        String name = signUp();
        for (int i = 0; i < settings.maxFailuresPerAccount(); i++) {
            assertThat(logIn(name, "wrong password " + i).status()).isEqualTo(401);
        }

        Answer refused = logIn(name, PASSWORD);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.type()).endsWith("/too-many-attempts");
        OpenApiContract.assertMatches("Problem", refused.body());
        long retryAfter = Long.parseLong(refused.raw().headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, settings.window().toSeconds());
    }

    @Test
    void countsAnUnknownUsernameLikeAKnownOne() {
        String unknown = "nobody" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < settings.maxFailuresPerAccount(); i++) {
            assertThat(logIn(unknown, "guess " + i).status()).isEqualTo(401);
        }
        assertThat(logIn(unknown.toUpperCase(), "guess").status()).isEqualTo(429);
    }

    @Test
    void aLockedAccountDoesNotLockOthers() {
        String locked = signUp();
        for (int i = 0; i <= settings.maxFailuresPerAccount(); i++) {
            logIn(locked, "wrong password");
        }
        String other = signUp();
        assertThat(logIn(other, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aGoodPasswordClearsTheAccountsFailures() {
        String name = signUp();
        for (int i = 0; i < settings.maxFailuresPerAccount() - 1; i++) {
            logIn(name, "wrong password");
        }
        assertThat(logIn(name, PASSWORD).status()).isEqualTo(200);
        for (int i = 0; i < settings.maxFailuresPerAccount() - 1; i++) {
            assertThat(logIn(name, "wrong password").status()).isEqualTo(401);
        }
    }

    @Test
    void refusesAClientAddressThatFailedOnTooManyAccounts() {
        String address = "203.0.113." + (1 + (int) (Math.random() * 250)) + "-" + UUID.randomUUID();
        for (int i = 0; i < settings.maxFailuresPerAddress(); i++) {
            throttle.recordFailure("stuffed" + i + UUID.randomUUID(), address);
        }

        assertThatThrownBy(() -> throttle.check("someone-new", address)).isInstanceOf(LoginThrottled.class);
        throttle.check("someone-new", address + "-elsewhere");
    }

    @Test
    void countsTheConnectionsAddressNotAClaimedOne() {
        String claimed = "198.51.100." + (1 + (int) (Math.random() * 250));
        db.sql("delete from login_failures where key = ?").param(claimed).update();

        Answer answer = api().withHeader("X-Forwarded-For", claimed)
                .post("/api/account/login", Map.of("username", signUp(), "password", "wrong password"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(db.sql("select count(*) from login_failures where scope = 'address' and key = ?")
                .param(claimed).query(Long.class).single()).isZero();
    }

    /** The failures of this class must not lock loopback out of the other tests that share the runtime. */
    @AfterEach
    void forgetLoopbackFailures() {
        db.sql("delete from login_failures where scope = 'address' and key in ('127.0.0.1', '0:0:0:0:0:0:0:1')")
                .update();
    }

    private String signUp() {
        String name = "t" + UUID.randomUUID().toString().substring(0, 12);
        assertThat(api().post("/api/account/signup", Map.of("username", name, "password", PASSWORD)).status())
                .isEqualTo(201);
        return name;
    }

    private Answer logIn(String name, String password) {
        return api().post("/api/account/login", Map.of("username", name, "password", password));
    }
}

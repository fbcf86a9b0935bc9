package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.scrapbook.gallery.account.LoginThrottleSettings;
import dev.scrapbook.local.ApiClient.Answer;

/**
 * {@code POST /api/account/password}: every session from before the change ends, the caller gets a fresh one, API
 * tokens stay unless revoked with it, and the current password is guessed no faster than at log-in.
 */
class PasswordChangeTest extends LocalRuntimeTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "a new and longer passphrase";

    @Autowired
    LoginThrottleSettings throttle;

    @Test
    void signsOutEveryOtherSessionAndTheCallersOldTokenButKeepsApiTokens() {
        ApiClient ann = api().newUser();
        ApiClient otherSession = logIn(api(), ann.username(), PASSWORD);
        ApiClient extension = apiToken(ann);

        Answer changed = change(ann, PASSWORD, NEW_PASSWORD, null);

        assertThat(changed.status()).as(String.valueOf(changed.body())).isEqualTo(200);
        OpenApiContract.assertMatches("PasswordChanged", changed.body());
        assertThat(changed.body().path("tokensRevoked").asInt()).isZero();
        ApiClient fresh = ann.as(changed.body().path("token").asText());
        assertThat(fresh.get("/api/account/me").status()).as("the caller's new session").isEqualTo(200);
        assertThat(ann.get("/api/account/me").status()).as("the caller's old session").isEqualTo(401);
        assertThat(otherSession.get("/api/account/me").status()).as("another session").isEqualTo(401);
        assertThat(extension.get("/api/images").status()).as("an API token").isEqualTo(200);
        assertThat(logInStatus(api(), ann.username(), PASSWORD)).isEqualTo(401);
        assertThat(logInStatus(api(), ann.username(), NEW_PASSWORD)).isEqualTo(200);
    }

    @Test
    void revokeTokensEndsTheApiTokensToo() {
        ApiClient ann = api().newUser();
        ApiClient extension = apiToken(ann);
        apiToken(ann);

        Answer changed = change(ann, PASSWORD, NEW_PASSWORD, true);

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().path("tokensRevoked").asInt()).isEqualTo(2);
        assertThat(extension.get("/api/images").status()).isEqualTo(401);
        ApiClient fresh = ann.as(changed.body().path("token").asText());
        assertThat(fresh.get("/api/account/tokens").body().path("items")).isEmpty();
    }

    @Test
    void aWrongCurrentPasswordIsRefusedAndChangesNothing() {
        ApiClient ann = api().newUser();

        Answer refused = change(ann, "not my password", NEW_PASSWORD, true);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.type()).endsWith("/wrong-password");
        OpenApiContract.assertMatches("Problem", refused.body());
        assertThat(ann.get("/api/account/me").status()).as("the session is not ended by a typo").isEqualTo(200);
        assertThat(logInStatus(api(), ann.username(), PASSWORD)).isEqualTo(200);
    }

    @Test
    void aNewPasswordOutsideSignUpsRuleIsA400AndChangesNothing() {
        ApiClient ann = api().newUser();

        for (String bad : new String[] {"short", "x".repeat(129)}) {
            Answer refused = change(ann, PASSWORD, bad, false);
            assertThat(refused.status()).isEqualTo(400);
            OpenApiContract.assertMatches("Problem", refused.body());
        }
        assertThat(change(ann, null, NEW_PASSWORD, false).status()).isEqualTo(400);
        assertThat(ann.get("/api/account/me").status()).isEqualTo(200);
        assertThat(logInStatus(api(), ann.username(), PASSWORD)).isEqualTo(200);
    }

    @Test
    void anApiTokenCannotChangeThePassword() {
        ApiClient ann = api().newUser();

        Answer refused = change(apiToken(ann), PASSWORD, NEW_PASSWORD, false);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.type()).endsWith("/forbidden");
        assertThat(logInStatus(api(), ann.username(), PASSWORD)).isEqualTo(200);
    }

    /** A stolen session is no way around the log-in limits: the same counts, before the password is hashed. */
    @Test
    void wrongCurrentPasswordsCountAgainstTheLogInThrottle() {
        ApiClient ann = api().newUser();
        ApiClient thief = visitor().as(ann.token());
        for (int i = 0; i < throttle.maxFailuresPerAccountAndAddress(); i++) {
            assertThat(change(thief, "guess " + i, NEW_PASSWORD, true).status()).isEqualTo(403);
        }

        Answer refused = change(thief, PASSWORD, NEW_PASSWORD, true);

        assertThat(refused.status()).as("even the right password, once over the limit").isEqualTo(429);
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        OpenApiContract.assertMatches("Problem", refused.body());
        assertThat(logInStatus(thief.anonymous(), ann.username(), PASSWORD)).as("log-in shares the count").isEqualTo(429);
        assertThat(logInStatus(visitor(), ann.username(), PASSWORD)).as("the owner elsewhere is not locked out")
                .isEqualTo(200);
    }

    private static Answer change(ApiClient caller, String current, String next, Boolean revokeTokens) {
        Map<String, Object> body = new HashMap<>();
        body.put("current", current);
        body.put("new", next);
        if (revokeTokens != null) {
            body.put("revokeTokens", revokeTokens);
        }
        return caller.post("/api/account/password", body);
    }

    private static ApiClient apiToken(ApiClient user) {
        return user.as(user.post("/api/account/tokens", Map.of("name", "extension")).body().path("token").asText());
    }

    private static ApiClient logIn(ApiClient client, String username, String password) {
        Answer login = client.post("/api/account/login", Map.of("username", username, "password", password));
        assertThat(login.status()).isEqualTo(200);
        return client.as(login.body().path("token").asText());
    }

    private static int logInStatus(ApiClient client, String username, String password) {
        return client.post("/api/account/login", Map.of("username", username, "password", password)).status();
    }
}

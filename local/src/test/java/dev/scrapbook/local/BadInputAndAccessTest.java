package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.scrapbook.local.ApiClient.Answer;
import dev.scrapbook.testing.ImageBytes;

/** Bad input gets a clear 4xx problem and changes nothing; no token, no access. */
class BadInputAndAccessTest extends LocalRuntimeTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1:%d/secret", "http://localhost:%d/secret", "http://[::1]:%d/secret",
        "http://[::ffff:127.0.0.1]:%d/secret", "http://2130706433:%d/secret", "http://0x7f.0.0.1:%d/secret",
        "http://0177.0.0.1:%d/secret", "http://127.1:%d/secret", "http://localhost.:%d/secret",
        "http://LOCALHOST.:%d/secret", "http://app.localhost:%d/secret", "http://App.LocalHost.:%d/secret"})
    void refusesToFetchFromLoopbackInAnySpelling(String template) {
        int secretPort = Integer.parseInt(WEB.secret("").replaceAll(".*:(\\d+)$", "$1"));
        int before = WEB.secretHits.get();
        Answer answer = api().newUser().post("/api/save", Map.of("imageUrl", template.formatted(secretPort)));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).endsWith("/fetch-refused");
        assertThat(answer.body().path("detail").asText()).as("what a name resolves to stays in the log")
                .doesNotContain("127.0.0.1").doesNotContain("::1").doesNotContain("loopback");
        assertThat(WEB.secretHits.get()).as("no request reached the internal service").isEqualTo(before);
    }

    /** The guard decides on the literal address before any connection: nothing leaves loopback. */
    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1/",
        "http://[fd00::1]/", "http://[fe80::1]/", "http://100.64.0.1/", "file:///etc/passwd", "ftp://example.org/a.jpg"})
    void refusesPrivateMetadataAndNonHttpTargets(String url) {
        Answer answer = api().newUser().post("/api/save", Map.of("imageUrl", url));
        assertThat(answer.status()).isEqualTo(400);
        OpenApiContract.assertMatches("Problem", answer.body());
    }

    @Test
    void refusesARedirectFromAnAllowedSiteToAnInternalOne() {
        int before = WEB.secretHits.get();
        String redirect = WEB.site("/redirect?to=" + java.net.URLEncoder.encode(WEB.secret("/x"), StandardCharsets.UTF_8));
        Answer answer = api().newUser().post("/api/save", Map.of("imageUrl", redirect));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).endsWith("/fetch-refused");
        assertThat(WEB.secretHits.get()).isEqualTo(before);
    }

    @Test
    void refusesADecompressionBombFromItsHeader() {
        ApiClient user = api().newUser();
        Answer answer = user.upload("/api/save", ImageBytes.decompressionBombPng(30000, 30000), "image/png");
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.type()).endsWith("/too-many-pixels");
        assertThat(user.get("/api/images").body().path("items")).isEmpty();
    }

    @Test
    void refusesSvgAndHtmlWhateverTheirContentType() {
        ApiClient user = api().newUser();
        byte[] svg = "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8);
        assertThat(user.upload("/api/save", svg, "image/svg+xml").status()).isEqualTo(415);
        assertThat(user.upload("/api/save", "<html></html>".getBytes(StandardCharsets.UTF_8), "image/jpeg").status())
                .isEqualTo(415);
        assertThat(user.upload("/api/save", new byte[0], "image/png").status()).isEqualTo(400);
        assertThat(user.get("/api/images").body().path("items")).isEmpty();
    }

    @Test
    void refusesMalformedSaveRequests() {
        ApiClient user = api().newUser();
        assertThat(user.post("/api/save", Map.of("pageUrl", "https://example.org/")).status()).isEqualTo(400);
        assertThat(user.post("/api/save", Map.of("imageUrl", "not a url")).status()).isEqualTo(400);
        assertThat(user.post("/api/save", Map.of("imageUrl", "https://example.org/a.jpg", "pageUrl", "javascript:alert(1)"))
                .status()).isEqualTo(400);
        Answer brokenJson = user.send("POST", "/api/save", "application/json",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"imageUrl\":"));
        assertThat(brokenJson.status()).isEqualTo(400);
        assertThat(brokenJson.contentType()).startsWith("application/problem+json");
        assertThat(brokenJson.type()).endsWith("/validation");
    }

    @Test
    void everyApiCallNeedsAValidToken() {
        for (Answer answer : new Answer[] {api().get("/api/images"), api().as("s1.forged.token").get("/api/images"),
                api().as("sbk_unknown").get("/api/account/me"), api().upload("/api/save", new byte[] {1}, "image/png")}) {
            assertThat(answer.status()).isEqualTo(401);
            OpenApiContract.assertMatches("Problem", answer.body());
        }
    }

    @Test
    void apiTokensWorkUntilRevokedAndLogoutEndsTheSession() {
        ApiClient user = api().newUser();
        Answer created = user.post("/api/account/tokens", Map.of("name", "Chromium on my laptop"));
        assertThat(created.status()).isEqualTo(201);
        OpenApiContract.assertMatches("ApiTokenCreated", created.body());
        ApiClient extension = api().as(created.body().path("token").asText());
        assertThat(extension.get("/api/images").status()).isEqualTo(200);

        Answer listed = user.get("/api/account/tokens");
        OpenApiContract.assertMatches("ApiTokenList", listed.body());
        assertThat(listed.body().path("items").get(0).path("lastUsedAt").isNull()).isFalse();
        assertThat(listed.body().toString()).doesNotContain(created.body().path("token").asText());

        assertThat(user.delete("/api/account/tokens/" + created.body().path("id").asText()).status()).isEqualTo(204);
        assertThat(extension.get("/api/images").status()).isEqualTo(401);

        assertThat(user.post("/api/account/logout", Map.of()).status()).isEqualTo(204);
        assertThat(user.get("/api/account/me").status()).isEqualTo(401);
    }

    @Test
    void logOutNeedsASessionTokenNotAnApiToken() {
        ApiClient user = api().newUser();
        ApiClient extension = api().as(user.post("/api/account/tokens", Map.of("name", "ext")).body().path("token").asText());
        Answer answer = extension.post("/api/account/logout", Map.of());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(extension.get("/api/images").status()).as("the API token still works").isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethodsAnswerProblems() {
        ApiClient user = api().newUser();
        Answer unknown = user.get("/api/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        OpenApiContract.assertMatches("Problem", unknown.body());
        assertThat(unknown.type()).endsWith("/not-found");
        Answer wrongMethod = user.delete("/api/save");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.type()).endsWith("/method-not-allowed");
        OpenApiContract.assertMatches("Problem", wrongMethod.body());
    }

    @Test
    void signUpAndLogInRulesAnswerWithProblems() {
        ApiClient anonymous = api();
        String name = "dup" + System.nanoTime() % 1_000_000;
        Answer signup = anonymous.post("/api/account/signup", Map.of("username", name, "password", "long enough pw"));
        OpenApiContract.assertMatches("Account", signup.body());
        Answer taken = anonymous.post("/api/account/signup", Map.of("username", name.toUpperCase(), "password", "long enough pw"));
        assertThat(taken.status()).isEqualTo(409);
        OpenApiContract.assertMatches("Problem", taken.body());
        assertThat(anonymous.post("/api/account/signup", Map.of("username", "x", "password", "long enough pw")).status())
                .isEqualTo(400);
        assertThat(anonymous.post("/api/account/signup", Map.of("username", "shortpw" + name, "password", "short")).status())
                .isEqualTo(400);
        assertThat(anonymous.post("/api/account/login", Map.of("username", name, "password", "wrong password")).status())
                .isEqualTo(401);
        Answer login = anonymous.post("/api/account/login", Map.of("username", name, "password", "long enough pw"));
        OpenApiContract.assertMatches("Session", login.body());
    }

}

package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.scrapbook.auth.SessionTokens;
import dev.scrapbook.auth.SessionTokens.Session;
import dev.scrapbook.local.ApiClient.Answer;
import dev.scrapbook.testing.TestServices;

/**
 * Every endpoint against every kind of caller, as a table. A caller without a valid credential (none, forged,
 * expired, logged out, revoked API token) gets 401 everywhere; another user finds the owner's things absent
 * (404) and never sees their ids; the owner gets the documented answer by session and by API token alike, except
 * that only a session creates API tokens.
 * A new endpoint (the sharing ones) is one more row in {@link #ENDPOINTS}.
 */
class AuthorizationMatrixTest extends LocalRuntimeTest {

    enum Caller {
        ANONYMOUS, FORGED, EXPIRED, LOGGED_OUT, REVOKED_API_TOKEN, OTHER_USER, OWNER_SESSION, OWNER_API_TOKEN;

        /** Callers without a valid credential share one fixture: if one of them changed it, a later cell fails. */
        boolean mayAct() {
            return ordinal() >= OTHER_USER.ordinal();
        }
    }

    private static Fixture shared;

    enum Body { NONE, JSON, IMAGE }

    /** One endpoint: {image} and {token} stand for the owner's image and one of the owner's API tokens. */
    record Endpoint(String method, String path, Body body, int otherUser, int ownerSession, int ownerApiToken) {
        int expected(Caller caller) {
            return switch (caller) {
                case OTHER_USER -> otherUser;
                case OWNER_SESSION -> ownerSession;
                case OWNER_API_TOKEN -> ownerApiToken;
                default -> 401;
            };
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/images", Body.NONE, 200, 200, 200),
            new Endpoint("GET", "/api/images/{image}", Body.NONE, 404, 200, 200),
            new Endpoint("DELETE", "/api/images/{image}", Body.NONE, 404, 204, 204),
            new Endpoint("POST", "/api/save", Body.IMAGE, 201, 201, 201),
            new Endpoint("POST", "/api/save", Body.JSON, 400, 400, 400),
            new Endpoint("GET", "/api/account/me", Body.NONE, 200, 200, 200),
            // Only a person who typed the password makes tokens: a leaked API token can't mint lasting access.
            new Endpoint("POST", "/api/account/tokens", Body.JSON, 201, 201, 403),
            new Endpoint("GET", "/api/account/tokens", Body.NONE, 200, 200, 200),
            new Endpoint("DELETE", "/api/account/tokens/{token}", Body.NONE, 404, 204, 204),
            // An API token is not a session: it is revoked under /api/account/tokens instead.
            new Endpoint("POST", "/api/account/logout", Body.NONE, 204, 204, 400),
            // The password and the account itself are a session's (a person who typed the password), never an API
            // token's; the table's body has no password, so a session gets 400 and nothing changes.
            new Endpoint("POST", "/api/account/password", Body.JSON, 400, 400, 403),
            new Endpoint("DELETE", "/api/account", Body.JSON, 400, 400, 403));

    @Autowired
    SessionTokens sessions;

    @Autowired
    JdbcClient db;

    static Stream<Arguments> cells() {
        return ENDPOINTS.stream().flatMap(e -> Stream.of(Caller.values()).map(c -> Arguments.of(e, c)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cells")
    void answersEachCallerAsTheTableSays(Endpoint endpoint, Caller caller) {
        Fixture fixture = caller.mayAct() ? new Fixture() : sharedFixture();
        String path = endpoint.path().replace("{image}", fixture.imageId).replace("{token}", fixture.tokenId);

        Answer answer = send(fixture.clients.get(caller), endpoint, path);

        assertThat(answer.status()).as(endpoint + " as " + caller + ": " + answer.body()).isEqualTo(endpoint.expected(caller));
        if (answer.status() >= 400) {
            assertThat(answer.contentType()).startsWith("application/problem+json");
            OpenApiContract.assertMatches("Problem", answer.body());
        }
        if (caller != Caller.OWNER_SESSION && caller != Caller.OWNER_API_TOKEN) {
            // A problem's "instance" echoes the path the caller sent; anything else must not name the owner's things.
            String body = answer.body() instanceof ObjectNode json ? json.without("instance").toString()
                    : new String(answer.raw().body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body).as("nothing of the owner's leaks").doesNotContain(fixture.imageId).doesNotContain(fixture.tokenId);
        }
        assertThat(fixture.ownerCheck.get("/api/images/" + fixture.imageId).status()).as("the image is still there")
                .isEqualTo(endpoint.method().equals("DELETE") && endpoint.path().contains("{image}")
                        && endpoint.expected(caller) == 204 ? 404 : 200);
    }

    private synchronized Fixture sharedFixture() {
        if (shared == null) {
            shared = new Fixture();
        }
        return shared;
    }

    private static Answer send(ApiClient client, Endpoint endpoint, String path) {
        return switch (endpoint.body()) {
            case NONE -> client.send(endpoint.method(), path, "application/json", BodyPublishers.noBody());
            case JSON -> endpoint.method().equals("DELETE")
                    ? client.delete(path, Map.of("name", "matrix token"))
                    : client.post(path, Map.of("name", "matrix token", "imageUrl", "not a url"));
            case IMAGE -> client.upload(path, TestJpegs.uniquePng(4, 4), "image/png");
        };
    }

    /** The owner with an image and a spare API token, another user, and every kind of bad credential. */
    private final class Fixture {
        final ApiClient owner = signedIn();
        final String imageId;
        final String tokenId;
        /** Checks the owner's image after the call, with a credential that no cell revokes. */
        final ApiClient ownerCheck;
        final Map<Caller, ApiClient> clients = new EnumMap<>(Caller.class);

        Fixture() {
            Answer saved = owner.upload("/api/save", TestJpegs.uniquePng(4, 4), "image/png");
            assertThat(saved.status()).isEqualTo(201);
            imageId = saved.body().path("id").asText();
            tokenId = owner.post("/api/account/tokens", Map.of("name", "spare")).body().path("id").asText();
            String ownerSession = owner.token();
            Session session = sessions.verify(ownerSession).orElseThrow();
            ownerCheck = api().as(sessions.issue(new Session(session.userId(), UUID.randomUUID(),
                    Instant.now().plusSeconds(3600))));

            clients.put(Caller.ANONYMOUS, api());
            clients.put(Caller.FORGED, api().as(forged(ownerSession)));
            clients.put(Caller.EXPIRED, api().as(sessions.issue(
                    new Session(session.userId(), UUID.randomUUID(), Instant.now().minusSeconds(1)))));
            ApiClient loggedOut = api().as(sessions.issue(
                    new Session(session.userId(), UUID.randomUUID(), Instant.now().plusSeconds(3600))));
            assertThat(loggedOut.post("/api/account/logout", Map.of()).status()).isEqualTo(204);
            clients.put(Caller.LOGGED_OUT, loggedOut);
            Answer revoked = owner.post("/api/account/tokens", Map.of("name", "to revoke"));
            assertThat(owner.delete("/api/account/tokens/" + revoked.body().path("id").asText()).status()).isEqualTo(204);
            clients.put(Caller.REVOKED_API_TOKEN, api().as(revoked.body().path("token").asText()));
            clients.put(Caller.OTHER_USER, signedIn());
            clients.put(Caller.OWNER_SESSION, owner);
            clients.put(Caller.OWNER_API_TOKEN,
                    api().as(owner.post("/api/account/tokens", Map.of("name", "owner")).body().path("token").asText()));
        }
    }

    /** A user with a real session, made without the sign-up's password hashing, which would dominate the run. */
    private ApiClient signedIn() {
        UUID user = TestServices.insertUser(db);
        return api().as(sessions.issue(new Session(user, UUID.randomUUID(), Instant.now().plusSeconds(3600))));
    }

    /** The owner's real token with one signature character changed. */
    private static String forged(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}

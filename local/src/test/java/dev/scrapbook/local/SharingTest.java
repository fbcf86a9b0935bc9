package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.scrapbook.local.ApiClient.Answer;

/** Friends, images shared with friends, and public links, through the API as the page uses it. */
class SharingTest extends LocalRuntimeTest {

    @Autowired
    JdbcClient db;

    @Test
    void aFriendRequestLooksTheSameWhetherOrNotTheUserExists() {
        ApiClient ann = api().newUser();
        ApiClient bob = api().newUser();

        Answer toBob = ann.post("/api/friends/requests", Map.of("username", bob.username()));
        Answer toNobody = ann.post("/api/friends/requests", Map.of("username", "nobody-" + System.nanoTime() % 100000));
        assertThat(toBob.status()).isEqualTo(202);
        assertThat(toNobody.status()).isEqualTo(toBob.status());
        assertThat(toNobody.raw().body()).isEqualTo(toBob.raw().body());

        JsonNode annView = ann.get("/api/friends").body();
        OpenApiContract.assertMatches("Friends", annView);
        assertThat(annView.path("outgoing")).hasSize(2);
        assertThat(annView.path("friends")).isEmpty();
        JsonNode bobView = bob.get("/api/friends").body();
        assertThat(bobView.path("incoming")).singleElement()
                .satisfies(request -> assertThat(request.path("from").path("username").asText()).isEqualTo(ann.username()));
    }

    /**
     * A request is addressed to the account that has the name when it is sent. To a name nobody has, it stays in
     * the sender's list like any other (nothing tells the sender the name is free) but is handed to nobody: not to
     * whoever signs up with that name later, who may be someone else entirely.
     */
    @Test
    void aRequestToANameNobodyHasIsNotHandedToWhoeverTakesTheNameLater() {
        ApiClient ann = api().newUser();
        String free = "later" + System.nanoTime() % 1_000_000_000L;
        assertThat(ann.post("/api/friends/requests", Map.of("username", free)).status()).isEqualTo(202);

        ApiClient newcomer = api().newUser(free);

        assertThat(newcomer.get("/api/friends").body().path("incoming")).as("nothing waits for the newcomer").isEmpty();
        assertThat(ann.get("/api/friends").body().path("outgoing")).singleElement()
                .satisfies(request -> assertThat(request.path("username").asText()).isEqualTo(free));
        assertThat(newcomer.post("/api/friends/requests", Map.of("username", ann.username())).status()).isEqualTo(202);
        assertThat(newcomer.get("/api/friends").body().path("friends"))
                .as("asking back is a new request, not the acceptance of one never delivered").isEmpty();
        assertThat(ann.get("/api/friends").body().path("incoming")).singleElement()
                .satisfies(request -> assertThat(request.path("from").path("username").asText()).isEqualTo(free));
    }

    @Test
    void acceptingDecliningAndAskingBothWays() {
        ApiClient ann = api().newUser();
        ApiClient bob = api().newUser();
        ApiClient cat = api().newUser();

        ann.post("/api/friends/requests", Map.of("username", bob.username()));
        String request = bob.get("/api/friends").body().path("incoming").get(0).path("id").asText();
        assertThat(cat.post("/api/friends/requests/" + request + "/accept", Map.of()).status())
                .as("only the addressee accepts").isEqualTo(404);
        Answer accepted = bob.post("/api/friends/requests/" + request + "/accept", Map.of());
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.body().path("username").asText()).isEqualTo(ann.username());
        assertThat(usernames(ann.get("/api/friends").body().path("friends"))).containsExactly(bob.username());
        assertThat(ann.get("/api/friends").body().path("outgoing")).isEmpty();

        cat.post("/api/friends/requests", Map.of("username", ann.username()));
        String fromCat = ann.get("/api/friends").body().path("incoming").get(0).path("id").asText();
        assertThat(ann.delete("/api/friends/requests/" + fromCat).status()).isEqualTo(204);
        assertThat(cat.get("/api/friends").body().path("outgoing")).isEmpty();

        // Asking someone who already asked you makes you friends: you both want it.
        cat.post("/api/friends/requests", Map.of("username", bob.username()));
        bob.post("/api/friends/requests", Map.of("username", cat.username().toUpperCase()));
        assertThat(usernames(bob.get("/api/friends").body().path("friends"))).containsExactlyInAnyOrder(ann.username(), cat.username());

        assertThat(ann.post("/api/friends/requests", Map.of("username", ann.username())).status()).isEqualTo(400);
        assertThat(ann.post("/api/friends/requests", Map.of("username", "<script>")).type()).endsWith("/validation");
    }

    @Test
    void aFriendSeesWhatIsSharedOpensItHidesItAndKeepsACopy() throws Exception {
        ApiClient ann = api().newUser();
        ApiClient bob = befriend(ann, api().newUser());
        byte[] bytes = TestJpegs.small();
        String id = ann.upload("/api/save?pageTitle=Sunset&pageUrl=https%3A%2F%2Fexample.org%2Fsun", bytes, "image/jpeg")
                .body().path("id").asText();
        awaitSettled(ann, id, Duration.ofSeconds(60));

        Answer shared = ann.post("/api/shares", Map.of("imageId", id, "friendIds", List.of(bob.userId())));
        assertThat(shared.status()).isEqualTo(200);
        OpenApiContract.assertMatches("ShareRecipients", shared.body());
        assertThat(usernames(shared.body().path("recipients"))).containsExactly(bob.username());

        JsonNode received = bob.get("/api/shares/received").body();
        OpenApiContract.assertMatches("ReceivedPage", received);
        JsonNode item = received.path("items").get(0);
        assertThat(item.path("sharedBy").path("username").asText()).isEqualTo(ann.username());
        assertThat(Instant.parse(item.path("sharedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(item.path("image").path("pageTitle").asText()).isEqualTo("Sunset");
        assertThat(bob.download(item.path("image").path("originalUrl").asText())).isEqualTo(bytes);
        assertThat(bob.download(item.path("image").path("previewUrl").asText())).isNotEmpty();

        Answer copy = bob.post("/api/shares/received/" + id + "/copy", Map.of());
        assertThat(copy.status()).isEqualTo(201);
        OpenApiContract.assertMatches("Image", copy.body());
        String copyId = copy.body().path("id").asText();
        assertThat(copyId).isNotEqualTo(id);
        assertThat(copy.body().path("status").asText()).as("the renditions are copied too").isEqualTo("ready");
        assertThat(copy.body().path("pageUrl").asText()).isEqualTo("https://example.org/sun");
        assertThat(bob.download(copy.body().path("originalUrl").asText())).isEqualTo(bytes);
        assertThat(bob.get("/api/images").body().path("items").get(0).path("id").asText()).isEqualTo(copyId);
        assertThat(bob.post("/api/shares/received/" + id + "/copy", Map.of()).status()).as("kept once").isEqualTo(200);

        assertThat(bob.delete("/api/shares/received/" + id).status()).isEqualTo(204);
        assertThat(bob.get("/api/shares/received").body().path("items")).isEmpty();
        assertThat(usernames(ann.get("/api/shares?imageId=" + id).body().path("recipients")))
                .as("hiding is the recipient's view only").containsExactly(bob.username());

        // The copy is Bob's own: Ann deleting hers leaves it.
        assertThat(ann.delete("/api/images/" + id).status()).isEqualTo(204);
        assertThat(bob.get("/api/images/" + copyId).status()).isEqualTo(200);
        assertThat(bob.download(bob.get("/api/images/" + copyId).body().path("thumbnailUrl").asText())).isNotEmpty();
    }

    @Test
    void takingBackAndUnfriendingEndShares() throws Exception {
        ApiClient ann = api().newUser();
        ApiClient bob = befriend(ann, api().newUser());
        String annsImage = ann.upload("/api/save", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        String bobsImage = bob.upload("/api/save", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        ann.post("/api/shares", Map.of("imageId", annsImage, "friendIds", List.of(bob.userId())));
        bob.post("/api/shares", Map.of("imageId", bobsImage, "friendIds", List.of(ann.userId())));

        assertThat(ann.delete("/api/shares/" + annsImage + "/recipients/" + bob.userId()).status()).isEqualTo(204);
        assertThat(bob.get("/api/shares/received/" + annsImage).status()).isEqualTo(404);
        ann.post("/api/shares", Map.of("imageId", annsImage, "friendIds", List.of(bob.userId())));

        assertThat(bob.delete("/api/friends/" + ann.userId()).status()).isEqualTo(204);
        assertThat(bob.get("/api/shares/received").body().path("items")).isEmpty();
        assertThat(ann.get("/api/shares/received").body().path("items")).as("both directions end").isEmpty();
        assertThat(ann.get("/api/friends").body().path("friends")).isEmpty();
        Answer again = ann.post("/api/shares", Map.of("imageId", annsImage, "friendIds", List.of(bob.userId())));
        assertThat(again.status()).isEqualTo(400);
        assertThat(db.sql("select count(*) from image_shares where image_id = ?::uuid").param(annsImage)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aPublicLinkShowsThePictureToAnyoneWithOpenGraphTags() throws Exception {
        ApiClient ann = api().newUser();
        String id = ann.upload("/api/save?pageTitle=%3Cscript%3Ealert(1)%3C%2Fscript%3E%20%26%20friends"
                + "&pageUrl=https%3A%2F%2Fexample.org%2Fa%3Fb%3D1%26c%3D2", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        JsonNode image = awaitSettled(ann, id, Duration.ofSeconds(60));

        Answer created = ann.post("/api/links", Map.of("imageId", id, "includeOriginal", false));
        assertThat(created.status()).isEqualTo(201);
        OpenApiContract.assertMatches("CreatedLink", created.body());
        String token = created.body().path("token").asText();
        assertThat(token).matches("[A-Za-z0-9_-]{43,}");
        assertThat(created.body().path("url").asText()).isEqualTo(baseUrl() + "/s/" + token);

        ApiClient stranger = visitor();
        Answer page = stranger.get("/s/" + token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String html = new String(page.raw().body());
        assertThat(html).contains("<meta property=\"og:image\" content=\"" + baseUrl() + "/s/" + token + "/preview\">")
                .contains("<meta name=\"twitter:card\" content=\"summary_large_image\">")
                .contains("og:image:width\" content=\"" + image.path("preview").path("width").asInt() + "\"")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends")
                .doesNotContain("<script>")
                .contains("href=\"https://example.org/a?b=1&amp;c=2\"")
                .contains("noindex")
                .doesNotContain("/s/" + token + "/original");
        assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElseThrow()).doesNotContain("unsafe-inline");

        Answer picture = stranger.get("/s/" + token + "/preview");
        assertThat(picture.status()).isEqualTo(200);
        assertThat(picture.contentType()).isEqualTo("image/jpeg");
        assertThat(picture.raw().headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(picture.raw().body())).getWidth())
                .isEqualTo(image.path("preview").path("width").asInt());
        assertThat(stranger.get("/s/" + token + "/original").status()).as("no original on this link").isEqualTo(404);

        Answer listed = ann.get("/api/links?imageId=" + id);
        OpenApiContract.assertMatches("LinkList", listed.body());
        assertThat(listed.body().path("items")).singleElement()
                .satisfies(link -> assertThat(link.has("token")).as("the token is shown once").isFalse());
    }

    /** Link URLs come from the configured origin (here: the local runtime's own address and port), never the Host header. */
    @Test
    void aForgedHostHeaderDoesNotBecomeTheLinksAddress() throws Exception {
        ApiClient ann = api().newUser();
        String id = ann.upload("/api/save", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        byte[] body = ("{\"imageId\":\"" + id + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        RawHttp.Response created = RawHttp.send(port, "POST /api/links HTTP/1.1\r\nHost: evil.example\r\n"
                + "X-Forwarded-Host: evil.example\r\nAuthorization: Bearer " + ann.token()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n", out -> out.write(body));
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().path("token").asText();
        assertThat(created.json().path("url").asText()).isEqualTo(baseUrl() + "/s/" + token);

        awaitSettled(ann, id, Duration.ofSeconds(60));
        RawHttp.Response page = RawHttp.send(port, "GET /s/" + token + " HTTP/1.1\r\nHost: evil.example\r\n");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("<meta property=\"og:url\" content=\"" + baseUrl() + "/s/" + token + "\">")
                .doesNotContain("evil.example");
    }

    /**
     * Presigned URLs are checked by S3 alone, so they outlive a share taken back or a link revoked by at most their
     * lifetime: five minutes for what a friend or a link's visitor is shown (the owner's own views keep an hour).
     * ShareUrlLifetimeTest (share module) watches such URLs stop working.
     */
    @Test
    void whatFriendsAndLinkVisitorsAreGivenExpiresWithinFiveMinutes() throws Exception {
        ApiClient ann = api().newUser();
        ApiClient bob = befriend(ann, api().newUser());
        String id = ann.upload("/api/save", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        awaitSettled(ann, id, Duration.ofSeconds(60));
        ann.post("/api/shares", Map.of("imageId", id, "friendIds", List.of(bob.userId())));

        JsonNode listed = bob.get("/api/shares/received").body().path("items").get(0).path("image");
        JsonNode opened = bob.get("/api/shares/received/" + id).body().path("image");
        for (JsonNode image : List.of(listed, opened)) {
            for (String url : List.of("originalUrl", "thumbnailUrl", "previewUrl")) {
                assertThat(expiresSeconds(image.path(url).asText())).as(url).isPositive().isLessThanOrEqualTo(300);
            }
        }
        assertThat(expiresSeconds(ann.get("/api/images/" + id).body().path("originalUrl").asText()))
                .as("the owner's own view").isEqualTo(3600);

        String token = ann.post("/api/links", Map.of("imageId", id, "includeOriginal", true)).body().path("token").asText();
        Answer original = visitor().get("/s/" + token + "/original");
        assertThat(original.status()).isEqualTo(302);
        assertThat(expiresSeconds(original.raw().headers().firstValue("Location").orElseThrow()))
                .isPositive().isLessThanOrEqualTo(300);
    }

    @Test
    void expiredRevokedAndUnknownLinks() throws Exception {
        ApiClient ann = api().newUser();
        String id = ann.upload("/api/save", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        JsonNode withOriginal = ann.post("/api/links", Map.of("imageId", id, "includeOriginal", true,
                "expiresAt", Instant.now().plus(Duration.ofDays(7)).toString())).body();
        String token = withOriginal.path("token").asText();
        Answer original = visitor().get("/s/" + token + "/original");
        assertThat(original.status()).isEqualTo(302);

        db.sql("update share_links set expires_at = now() - interval '1 second' where id = ?::uuid")
                .param(withOriginal.path("id").asText()).update();
        Answer expired = visitor().get("/s/" + token);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(visitor().get("/s/" + token + "/original").status()).isEqualTo(404);
        assertThat(ann.get("/api/links?imageId=" + id).body().path("items").get(0).path("expired").asBoolean()).isTrue();

        String revoked = ann.post("/api/links", Map.of("imageId", id)).body().path("token").asText();
        String revokedId = ann.get("/api/links?imageId=" + id).body().path("items").get(0).path("id").asText();
        assertThat(ann.delete("/api/links/" + revokedId).status()).isEqualTo(204);
        Answer afterRevoke = visitor().get("/s/" + revoked);
        Answer unknown = visitor().get("/s/" + "A".repeat(43));
        assertThat(afterRevoke.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(afterRevoke.raw().body()).as("revoked and unknown are indistinguishable").isEqualTo(unknown.raw().body());

        assertThat(ann.post("/api/links", Map.of("imageId", id, "expiresAt", Instant.now().minusSeconds(5).toString())).status())
                .isEqualTo(400);
        assertThat(ann.delete("/api/images/" + id).status()).isEqualTo(204);
        assertThat(db.sql("select count(*) from share_links where image_id = ?::uuid").param(id).query(Integer.class).single())
                .as("deleting the image removes its links").isZero();
    }

    @Test
    void guessingTokensIsSlowedDownPerClientAddress() throws Exception {
        ApiClient guesser = visitor();
        ApiClient ann = api().newUser();
        String id = ann.upload("/api/save", TestJpegs.small(), "image/jpeg").body().path("id").asText();
        String token = ann.post("/api/links", Map.of("imageId", id)).body().path("token").asText();

        int misses = 0;
        Answer answer;
        do {
            answer = guesser.get("/s/" + randomToken());
            misses++;
        } while (answer.status() == 404 && misses < 100);
        assertThat(answer.status()).isEqualTo(429);
        assertThat(misses).isEqualTo(21);
        assertThat(answer.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(guesser.get("/s/" + token).status()).as("even a right guess waits now").isEqualTo(429);
        for (String picture : List.of("/preview", "/original")) {
            Answer waiting = guesser.get("/s/" + token + picture);
            assertThat(waiting.status()).as(picture + " waits as the page does").isEqualTo(429);
            assertThat(waiting.raw().headers().firstValue("Retry-After")).isPresent();
        }
        assertThat(visitor().get("/s/" + token).status()).as("other visitors are not affected").isEqualTo(200);
    }


    /** X-Amz-Expires of a presigned URL: how long S3 accepts it after signing. */
    private static long expiresSeconds(String presignedUrl) {
        java.util.regex.Matcher expires = java.util.regex.Pattern.compile("[?&]X-Amz-Expires=(\\d+)").matcher(presignedUrl);
        assertThat(expires.find()).as("a presigned URL: " + presignedUrl).isTrue();
        return Long.parseLong(expires.group(1));
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

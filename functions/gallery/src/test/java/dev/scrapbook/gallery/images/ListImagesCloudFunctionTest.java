package dev.scrapbook.gallery.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.auth.SessionTokens;
import dev.scrapbook.gallery.GalleryApplication;
import dev.scrapbook.gcf.GcfMessages;
import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.testing.TestServices;

/**
 * The gallery's Cloud Functions entry, looked up in the function catalog as the GCP adapter looks it up (by name,
 * expecting application/json: spring-cloud-function v4.3.0, FunctionInvoker#lookupFunction) and given a request
 * shaped as the adapter shapes it (the body's reader, list-valued headers), on the real services. The adapter
 * also prefers Gson for the catalog's JSON (FunctionInvoker#init sets this property as a system property), so the
 * answers here are converted as under the invoker; CloudFunctionsEndToEndIT runs the deployable itself.
 */
@SpringBootTest(classes = GalleryApplication.class, properties = "spring.cloud.function.preferred-json-mapper=gson")
class ListImagesCloudFunctionTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @Autowired
    FunctionCatalog catalog;
    @Autowired
    SessionTokens sessions;
    @Autowired
    ImageRepository images;
    @Autowired
    JdbcClient db;
    @Autowired
    ObjectMapper json;

    /** The owner is the bearer's: an owner named in the body changes nothing, and each token lists its own. */
    @Test
    void listsOnlyTheBearersOwnImages() throws Exception {
        UUID owner = TestServices.insertUser(db);
        UUID other = TestServices.insertUser(db);
        UUID mine = image(owner);
        UUID theirs = image(other);
        String asksForTheOthers = "{\"ownerId\": \"" + other + "\", \"limit\": 10}";

        Message<Object> answer = call(Map.of("Authorization", List.of("Bearer " + token(owner))), asksForTheOthers);
        Message<Object> theirAnswer = call(Map.of("Authorization", List.of("Bearer " + token(other))), asksForTheOthers);

        assertThat(answer.getHeaders().get(GcfMessages.STATUS)).isEqualTo(200);
        assertThat(ids(answer)).containsExactly(mine.toString());
        assertThat(ids(theirAnswer)).containsExactly(theirs.toString());
    }

    @Test
    void withoutABearerTokenIsA401Problem() {
        image(TestServices.insertUser(db));
        Message<Object> answer = call(Map.of(), "{\"ownerId\": \"" + UUID.randomUUID() + "\"}");
        assertThat(answer.getHeaders().get(GcfMessages.STATUS)).isEqualTo(401);
        assertThat(new String((byte[]) answer.getPayload(), StandardCharsets.UTF_8)).contains("problems/unauthorized");
    }

    /** The answer is the app's JSON (ISO-8601 times, as GET /api/images gives them), in UTF-8, said so. */
    @Test
    void answersTheAppsJsonNamingItsCharset() throws Exception {
        UUID owner = TestServices.insertUser(db);
        image(owner);

        Message<Object> answer = call(Map.of("Authorization", List.of("Bearer " + token(owner))), "");

        assertThat(answer.getHeaders().get(MessageHeaders.CONTENT_TYPE).toString()).isEqualTo("application/json;charset=UTF-8");
        String savedAt = json.readTree((byte[]) answer.getPayload()).path("items").get(0).path("savedAt").asText();
        assertThat(Instant.parse(savedAt)).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
    }

    @Test
    void aLimitOutOfRangeIsA400Problem() {
        UUID owner = TestServices.insertUser(db);
        Message<Object> answer = call(Map.of("Authorization", List.of("Bearer " + token(owner))), "{\"limit\": 1000}");
        assertThat(answer.getHeaders().get(GcfMessages.STATUS)).isEqualTo(400);
    }

    private Message<Object> call(Map<String, Object> headers, String body) {
        Function<Message<?>, Message<Object>> function = catalog.lookup("listImagesCloudFunction", "application/json");
        return function.apply(MessageBuilder.withPayload(new StringReader(body)).copyHeaders(headers).build());
    }

    private List<String> ids(Message<Object> answer) throws IOException {
        List<String> ids = new ArrayList<>();
        json.readTree((byte[]) answer.getPayload()).path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private String token(UUID user) {
        return sessions.issue(new SessionTokens.Session(user, UUID.randomUUID(), Instant.now().plus(1, ChronoUnit.HOURS)));
    }

    private UUID image(UUID owner) {
        UUID id = UUID.randomUUID();
        images.insert(id, new NewImage(owner, UUID.randomUUID().toString().getBytes(), "jpeg", 10, 10, 10, null, null, null, null));
        return id;
    }
}

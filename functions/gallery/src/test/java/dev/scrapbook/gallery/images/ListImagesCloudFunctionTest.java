package dev.scrapbook.gallery.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.scrapbook.auth.SessionTokens;
import dev.scrapbook.gallery.GalleryApplication;
import dev.scrapbook.gcf.GcfMessages;
import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.testing.TestServices;

/**
 * The gallery's Cloud Functions entry, looked up in the function catalog as the GCP adapter looks it up and
 * given a request shaped as the adapter shapes it (the body's reader, list-valued headers), on the real services.
 */
@SpringBootTest(classes = GalleryApplication.class)
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

    @Test
    void listsOnlyTheBearersOwnImages() {
        UUID owner = TestServices.insertUser(db);
        UUID other = TestServices.insertUser(db);
        UUID mine = image(owner);
        image(other);

        Message<Object> answer = call(Map.of("Authorization", List.of("Bearer " + token(owner))), "{\"limit\": 10}");

        assertThat(answer.getHeaders().get(GcfMessages.STATUS)).isEqualTo(200);
        ListImagesFunction.Page page = (ListImagesFunction.Page) answer.getPayload();
        assertThat(page.items()).extracting(view -> view.id().toString()).containsExactly(mine.toString());
    }

    @Test
    void withoutABearerTokenIsA401ProblemAndAnOwnerInTheBodyChangesNothing() {
        image(TestServices.insertUser(db));
        Message<Object> answer = call(Map.of(), "{\"ownerId\": \"" + UUID.randomUUID() + "\"}");
        assertThat(answer.getHeaders().get(GcfMessages.STATUS)).isEqualTo(401);
        assertThat(new String((byte[]) answer.getPayload(), StandardCharsets.UTF_8)).contains("problems/unauthorized");
    }

    @Test
    void aLimitOutOfRangeIsA400Problem() {
        UUID owner = TestServices.insertUser(db);
        Message<Object> answer = call(Map.of("Authorization", List.of("Bearer " + token(owner))), "{\"limit\": 1000}");
        assertThat(answer.getHeaders().get(GcfMessages.STATUS)).isEqualTo(400);
    }

    private Message<Object> call(Map<String, Object> headers, String body) {
        Function<Message<?>, Message<Object>> function = catalog.lookup("listImagesCloudFunction");
        return function.apply(MessageBuilder.withPayload(new StringReader(body)).copyHeaders(headers).build());
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

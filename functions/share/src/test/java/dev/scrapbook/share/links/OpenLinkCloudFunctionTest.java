package dev.scrapbook.share.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.gcf.GcfMessages;
import dev.scrapbook.share.ShareApplication;
import dev.scrapbook.testing.TestServices;

/**
 * share's Cloud Functions entry, looked up in the function catalog as the GCP adapter looks it up (by name,
 * expecting application/json, with the adapter's preference for Gson set: spring-cloud-function v4.3.0,
 * FunctionInvoker#init and #lookupFunction) and given a request shaped as the adapter shapes it (the body's
 * reader), on the real PostgreSQL and S3.
 */
@SpringBootTest(classes = ShareApplication.class, properties = "spring.cloud.function.preferred-json-mapper=gson")
class OpenLinkCloudFunctionTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @Autowired
    FunctionCatalog catalog;
    @Autowired
    ShareLinks links;
    @Autowired
    JdbcClient db;
    @Autowired
    ObjectMapper json;

    @Test
    void aLinksTokenOpensWhatItsPageShows() throws Exception {
        UUID owner = TestServices.insertUser(db);
        UUID image = image(owner, "A <b>sunset</b>");
        String token = links.create(owner, image, null, true).token();

        Message<Object> answer = call("{\"token\": \"" + token + "\"}");

        assertThat(answer.getHeaders().get(GcfMessages.STATUS)).isEqualTo(200);
        String body = new String((byte[]) answer.getPayload(), StandardCharsets.UTF_8);
        OpenLinkCloudFunction.SharedPicture picture = json.readValue(body, OpenLinkCloudFunction.SharedPicture.class);
        assertThat(picture.pageTitle()).isEqualTo("A <b>sunset</b>");
        assertThat(picture.originalUrl()).startsWith("http").contains(image.toString());
        assertThat(picture.previewUrl()).as("no preview before the thumbnail is made").isNull();
        assertThat(body).as("the token is not echoed").doesNotContain(token);
    }

    @Test
    void unknownIsA404ExpiredA410AndABadBodyA400() {
        UUID owner = TestServices.insertUser(db);
        UUID image = image(owner, null);
        String token = links.create(owner, image, Instant.now().plusSeconds(60), false).token();
        db.sql("update share_links set expires_at = now() - interval '1 second' where image_id = ?").param(image).update();

        assertThat(call("{\"token\": \"" + "A".repeat(43) + "\"}").getHeaders().get(GcfMessages.STATUS)).isEqualTo(404);
        Message<Object> expired = call("{\"token\": \"" + token + "\"}");
        assertThat(expired.getHeaders().get(GcfMessages.STATUS)).isEqualTo(410);
        assertThat(new String((byte[]) expired.getPayload(), StandardCharsets.UTF_8)).contains("problems/expired");
        assertThat(call("not json").getHeaders().get(GcfMessages.STATUS)).isEqualTo(400);
    }

    @Test
    void aBoardLinksTokenOpensTheBoardsPicturesInOrder() throws Exception {
        UUID owner = TestServices.insertUser(db);
        UUID first = image(owner, "first");
        UUID second = image(owner, "second");
        UUID board = db.sql("insert into boards (owner_id, name, description) values (?, 'Trips', 'Far') returning id")
                .param(owner).query(UUID.class).single();
        db.sql("insert into board_images (board_id, image_id, position) values (?, ?, 2), (?, ?, 1)")
                .params(board, first, board, second).update();
        String token = links.createForBoard(owner, board, null).token();

        Message<Object> answer = call("{\"token\": \"" + token + "\"}");

        assertThat(answer.getHeaders().get(GcfMessages.STATUS)).isEqualTo(200);
        OpenLinkCloudFunction.SharedBoard shared = json.readValue((byte[]) answer.getPayload(), OpenLinkCloudFunction.SharedBoard.class);
        assertThat(shared.name()).isEqualTo("Trips");
        assertThat(shared.imageCount()).isEqualTo(2);
        assertThat(shared.pictures()).extracting(OpenLinkCloudFunction.SharedPicture::pageTitle).containsExactly("second", "first");
        assertThat(shared.pictures()).allSatisfy(p -> assertThat(p.originalUrl()).as("never the originals").isNull());
        db.sql("delete from boards where id = ?").param(board).update();
        assertThat(call("{\"token\": \"" + token + "\"}").getHeaders().get(GcfMessages.STATUS)).isEqualTo(404);
    }

    private Message<Object> call(String body) {
        Function<Message<?>, Message<Object>> function = catalog.lookup("openLinkCloudFunction", "application/json");
        return function.apply(MessageBuilder.withPayload(new StringReader(body)).build());
    }

    private UUID image(UUID owner, String title) {
        return db.sql("""
                        insert into images (owner_id, sha256, format, width, height, bytes, page_title)
                        values (?, sha256(gen_random_uuid()::text::bytea), 'jpeg', 8, 8, 100, ?) returning id""")
                .params(owner, title).query(UUID.class).single();
    }
}

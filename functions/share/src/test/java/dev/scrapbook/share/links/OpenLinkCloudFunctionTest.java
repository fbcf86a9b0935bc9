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

import dev.scrapbook.gcf.GcfMessages;
import dev.scrapbook.share.ShareApplication;
import dev.scrapbook.testing.TestServices;

/**
 * share's Cloud Functions entry, looked up in the function catalog as the GCP adapter looks it up and given a
 * request shaped as the adapter shapes it (the body's reader), on the real PostgreSQL and S3.
 */
@SpringBootTest(classes = ShareApplication.class)
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

    @Test
    void aLinksTokenOpensWhatItsPageShows() {
        UUID owner = TestServices.insertUser(db);
        UUID image = image(owner, "A <b>sunset</b>");
        String token = links.create(owner, image, null, true).token();

        Message<Object> answer = call("{\"token\": \"" + token + "\"}");

        assertThat(answer.getHeaders().get(GcfMessages.STATUS)).isEqualTo(200);
        OpenLinkCloudFunction.SharedPicture picture = (OpenLinkCloudFunction.SharedPicture) answer.getPayload();
        assertThat(picture.pageTitle()).isEqualTo("A <b>sunset</b>");
        assertThat(picture.originalUrl()).startsWith("http").contains(image.toString());
        assertThat(picture.previewUrl()).as("no preview before the thumbnail is made").isNull();
        assertThat(picture.toString()).as("the token is not echoed").doesNotContain(token);
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

    private Message<Object> call(String body) {
        Function<Message<?>, Message<Object>> function = catalog.lookup("openLinkCloudFunction");
        return function.apply(MessageBuilder.withPayload(new StringReader(body)).build());
    }

    private UUID image(UUID owner, String title) {
        return db.sql("""
                        insert into images (owner_id, sha256, format, width, height, bytes, page_title)
                        values (?, sha256(gen_random_uuid()::text::bytea), 'jpeg', 8, 8, 100, ?) returning id""")
                .params(owner, title).query(UUID.class).single();
    }
}

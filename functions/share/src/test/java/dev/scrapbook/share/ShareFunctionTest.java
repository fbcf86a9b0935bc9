package dev.scrapbook.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.scrapbook.share.links.OpenLinkFunction;
import dev.scrapbook.share.links.ShareLinks;
import dev.scrapbook.testing.TestServices;

/** The share function on its own, as its Knative service runs it: the openLink function and the public page. */
@SpringBootTest(classes = ShareApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShareFunctionTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        registry.add("scrapbook.share.public-url", () -> "https://share.scrapbook.test");
    }

    @Autowired
    FunctionCatalog catalog;
    @Autowired
    ShareLinks links;
    @Autowired
    JdbcClient db;
    @Autowired
    TestRestTemplate http;

    @Test
    void openLinkIsInTheFunctionCatalogAndTellsFoundFromUnknown() {
        OpenLinkFunction.Opened unknown = catalog.<java.util.function.Function<String, OpenLinkFunction.Opened>>lookup("openLink")
                .apply("A".repeat(43));
        assertThat(unknown).isInstanceOf(OpenLinkFunction.Opened.Unknown.class);

        UUID owner = TestServices.insertUser(db);
        UUID image = db.sql("""
                        insert into images (owner_id, sha256, format, width, height, bytes, status)
                        values (?, sha256(gen_random_uuid()::text::bytea), 'png', 8, 8, 100, 'failed') returning id""")
                .param(owner).query(UUID.class).single();
        ShareLinks.Created created = links.create(owner, image, Instant.now().plusSeconds(3600), false);
        OpenLinkFunction.Opened found = catalog.<java.util.function.Function<String, OpenLinkFunction.Opened>>lookup("openLink")
                .apply(created.token());
        assertThat(found).isInstanceOfSatisfying(OpenLinkFunction.Opened.Found.class,
                f -> assertThat(f.image().id()).isEqualTo(image));

        ResponseEntity<String> page = http.getForEntity("/s/" + created.token(), String.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("This picture can't be shown here.");
        assertThat(http.getForEntity("/api/friends", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}

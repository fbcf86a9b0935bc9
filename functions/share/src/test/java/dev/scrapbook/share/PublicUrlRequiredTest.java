package dev.scrapbook.share;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import dev.scrapbook.testing.TestServices;

/**
 * A share server needs SCRAPBOOK_SHARE_PUBLIC_URL: without it, link URLs would come from the request's Host
 * header, which the caller chooses. Only the local runtime (its own address and port) does without.
 */
class PublicUrlRequiredTest {

    @Test
    void aShareServerWithoutAPublicUrlRefusesToStart() {
        // As arguments: they outrank application.properties, as the environment does in a deployment.
        List<String> settings = new ArrayList<>(List.of("--server.port=0"));
        TestServices.register((name, value) -> settings.add("--" + name + "=" + value.get()));

        SpringApplicationBuilder share = new SpringApplicationBuilder(ShareApplication.class);

        assertThatThrownBy(() -> share.run(settings.toArray(String[]::new))).rootCause()
                .hasMessageContaining("SCRAPBOOK_SHARE_PUBLIC_URL must be set")
                .hasMessageContaining("Host header");
    }
}

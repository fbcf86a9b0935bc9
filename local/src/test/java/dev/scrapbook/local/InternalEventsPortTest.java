package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.scrapbook.events.ImageSavedEvent;

/** In local mode the thumbnail's CloudEvent endpoint is on its loopback listener only, and that listener serves nothing else. */
class InternalEventsPortTest extends LocalRuntimeTest {

    @Autowired
    InternalEventsPort internal;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thePublicListenerDoesNotServeTheEventEndpointInAnySpelling() throws Exception {
        for (String path : new String[] {InternalEventsPort.PATH, InternalEventsPort.PATH + "/", "/internal//events/image-saved",
                "/internal/events/%69mage-saved", InternalEventsPort.PATH + ";x=1"}) {
            HttpResponse<String> answer = post(URI.create(baseUrl() + path));

            assertThat(answer.statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void theInternalListenerServesTheEventEndpoint() throws Exception {
        HttpResponse<String> answer = post(internal.endpoint());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"outcome\":\"skipped\"");
    }

    @Test
    void theInternalListenerServesNothingElse() throws Exception {
        for (String path : new String[] {"/api/images", "/health", "/api/account/me"}) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + internal.port() + path))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(path).isEqualTo(404);
        }
    }

    /** A well-formed image-saved event for an image that does not exist: 200 skipped wherever it is served. */
    private HttpResponse<String> post(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri)
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", ImageSavedEvent.TYPE)
                .header("ce-source", "/forged")
                .header("ce-subject", UUID.randomUUID().toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

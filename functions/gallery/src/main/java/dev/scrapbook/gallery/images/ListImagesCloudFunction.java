package dev.scrapbook.gallery.images;

import java.io.IOException;
import java.util.function.Function;

import org.springframework.http.HttpHeaders;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.auth.Authenticator;
import dev.scrapbook.auth.Caller;
import dev.scrapbook.gcf.GcfMessages;
import dev.scrapbook.gcf.GcfTraceContext;
import dev.scrapbook.web.ApiProblem;

/**
 * {@link ListImagesFunction} as Google Cloud Functions calls it through Spring Cloud Function's GCP adapter
 * ({@code listImagesCloudFunction}, the deployable's default {@code function.name}). The owner comes from the
 * bearer token, exactly as for {@code GET /api/images}, never from the request body; the adapter passes no query
 * string, so the optional {@code cursor} and {@code limit} come as a JSON body.
 */
@Component("listImagesCloudFunction")
class ListImagesCloudFunction implements Function<Message<?>, Message<Object>> {

    record PageRequest(String cursor, Integer limit) {
    }

    private final ListImagesFunction listImages;
    private final Authenticator authenticator;
    private final GcfTraceContext traces;
    private final ObjectMapper json;

    ListImagesCloudFunction(ListImagesFunction listImages, Authenticator authenticator, GcfTraceContext traces,
            ObjectMapper json) {
        this.listImages = listImages;
        this.authenticator = authenticator;
        this.traces = traces;
        this.json = json;
    }

    @Override
    public Message<Object> apply(Message<?> request) {
        return traces.within(request, "list images", () -> handle(request));
    }

    private Message<Object> handle(Message<?> request) {
        try {
            Caller caller = authenticator.authenticate(GcfMessages.headers(request).getFirst(HttpHeaders.AUTHORIZATION));
            PageRequest page = pageRequest(GcfMessages.body(request));
            return GcfMessages.answer(200, listImages.apply(ListImagesFunction.Query.of(caller.userId(), page.cursor(), page.limit())));
        } catch (ApiProblem problem) {
            return GcfMessages.problem(problem, json);
        }
    }

    private PageRequest pageRequest(byte[] body) {
        if (body.length == 0) {
            return new PageRequest(null, null);
        }
        try {
            return json.readValue(body, PageRequest.class);
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body must be JSON: {\"cursor\": \"...\", \"limit\": 30}, both optional");
        }
    }
}

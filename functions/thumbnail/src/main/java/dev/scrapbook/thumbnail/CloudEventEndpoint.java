package dev.scrapbook.thumbnail;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.web.ApiProblem;
import io.cloudevents.CloudEvent;
import io.cloudevents.spring.http.CloudEventHttpUtils;

/**
 * HTTP binding of {@link ThumbnailFunction}, exactly as a Knative RabbitmqSource delivers: a POST in
 * binary content mode (ce-* headers, data as the body). A malformed event is a 400, which the source
 * does not retry; the local dispatcher posts the same way to {@code scrapbook.thumbnail.path}.
 */
@RestController
class CloudEventEndpoint {

    private final ThumbnailFunction thumbnail;

    CloudEventEndpoint(ThumbnailFunction thumbnail) {
        this.thumbnail = thumbnail;
    }

    @PostMapping("${scrapbook.thumbnail.path:/}")
    Outcome receive(@RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body) {
        return thumbnail.apply(read(headers, body == null ? new byte[0] : body));
    }

    /** The CloudEvent in binary mode, or a 400 problem when the request is not one. */
    static CloudEvent read(HttpHeaders headers, byte[] body) {
        try {
            return CloudEventHttpUtils.toReader(headers, () -> body).toEvent();
        } catch (RuntimeException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "not a CloudEvent in binary mode: " + e.getMessage());
        }
    }
}

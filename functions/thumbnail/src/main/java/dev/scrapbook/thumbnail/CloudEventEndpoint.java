package dev.scrapbook.thumbnail;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.web.ApiProblem;
import io.cloudevents.CloudEvent;
import io.cloudevents.spring.http.CloudEventHttpUtils;

import jakarta.servlet.http.HttpServletRequest;

/**
 * HTTP binding of {@link ThumbnailFunction}, exactly as a Knative RabbitmqSource delivers: a POST in binary
 * content mode (ce-* headers, data as the body). A malformed event is a 400, which the source does not retry.
 * The body is read up to {@code scrapbook.thumbnail.max-event-size} and no further (413 beyond it). In a cluster
 * this is the cluster-local thumbnail service's {@code /}; the local runtime serves it at
 * {@code scrapbook.thumbnail.path} on a loopback listener of its own.
 */
@RestController
class CloudEventEndpoint {

    private final ThumbnailFunction thumbnail;
    private final ThumbnailSettings settings;

    CloudEventEndpoint(ThumbnailFunction thumbnail, ThumbnailSettings settings) {
        this.thumbnail = thumbnail;
        this.settings = settings;
    }

    @PostMapping("${scrapbook.thumbnail.path:/}")
    Outcome receive(@RequestHeader HttpHeaders headers, HttpServletRequest request) throws IOException {
        return thumbnail.apply(read(headers, bodyWithinCap(request)));
    }

    /** The CloudEvent in binary mode, or a 400 problem when the request is not one. */
    static CloudEvent read(HttpHeaders headers, byte[] body) {
        try {
            return CloudEventHttpUtils.toReader(headers, () -> body).toEvent();
        } catch (RuntimeException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "not a CloudEvent in binary mode: " + e.getMessage());
        }
    }

    /** Refused by its announced length, or after one byte past the cap: the rest is never read into memory. */
    private byte[] bodyWithinCap(HttpServletRequest request) throws IOException {
        long max = settings.maxEventSize().toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) max + 1);
            if (body.length > max) {
                throw tooLarge(max);
            }
            return body;
        }
    }

    private static ApiProblem tooLarge(long max) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large",
                "an image-saved event is a few dozen bytes; this body is larger than %d bytes".formatted(max));
    }
}

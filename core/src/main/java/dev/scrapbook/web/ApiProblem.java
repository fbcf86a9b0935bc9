package dev.scrapbook.web;

import java.io.IOException;
import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletResponse;

/**
 * A failure the client should hear about, answered as application/problem+json (RFC 9457).
 * The {@code type} is stable so that clients (the extension, tests) can branch on it.
 */
public class ApiProblem extends RuntimeException {

    private static final String TYPE_BASE = "https://scrapbook.dev/problems/";

    private final HttpStatus status;
    private final String slug;

    public ApiProblem(HttpStatus status, String slug, String detail) {
        this(status, slug, detail, null);
    }

    public ApiProblem(HttpStatus status, String slug, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.status = status;
        this.slug = slug;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation", detail);
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", detail);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", what + " not found");
    }

    public static ApiProblem unavailable(String detail, Throwable cause) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", detail, cause);
    }

    public HttpStatus status() {
        return status;
    }

    /** Answers with this problem from where no controller advice reaches: a servlet filter. */
    public void writeTo(HttpServletResponse response, ObjectMapper json) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), toProblemDetail());
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(URI.create(TYPE_BASE + slug));
        return problem;
    }
}

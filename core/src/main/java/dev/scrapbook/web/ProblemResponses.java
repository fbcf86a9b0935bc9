package dev.scrapbook.web;

import java.sql.SQLTransientException;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import dev.scrapbook.storage.StorageUnavailableException;

/**
 * Turns every failure into application/problem+json with one of our stable types. Bad input is a 4xx
 * with a human detail; a database or S3 store that can't be reached is a 503 (the client may retry).
 * It replaces Spring Boot's own problem-details handler, whose answers carry type about:blank.
 */
@RestControllerAdvice
class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    /** Spring MVC's own refusals (unknown path, wrong method, content type, missing header...) by status. */
    private static final Map<Integer, String> SLUG_BY_STATUS = Map.of(
            400, "validation", 404, "not-found", 405, "method-not-allowed", 413, "too-large",
            415, "unsupported-media-type");

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        if (problem.status().is5xxServerError()) {
            log.warn("{}: {}", problem.getMessage(), String.valueOf(problem.getCause()));
        }
        return respond(problem.toProblemDetail());
    }

    /**
     * A body Jackson could not read. Two refusals made while reading travel inside as causes: the body cap
     * ({@link JsonBodyLimit.BodyTooLarge}, 413) and a limit such as {@link MaxItems} (its own problem).
     */
    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> unreadable(Exception e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonBodyLimit.BodyTooLarge tooLarge) {
                return apiProblem(tooLarge.problem());
            }
            if (cause instanceof ApiProblem refusal) {
                return apiProblem(refusal);
            }
        }
        return apiProblem(ApiProblem.badRequest("the request could not be read: check the JSON body and parameters"));
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, SQLTransientException.class})
    ResponseEntity<ProblemDetail> databaseDown(Exception e) {
        return apiProblem(ApiProblem.unavailable("the database is unavailable; try again shortly", e));
    }

    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<ProblemDetail> storageDown(StorageUnavailableException e) {
        return apiProblem(ApiProblem.unavailable("the image store is unavailable; try again shortly", e));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> anythingElse(Exception e) {
        if (e instanceof ErrorResponse refusal && SLUG_BY_STATUS.containsKey(refusal.getStatusCode().value())) {
            int status = refusal.getStatusCode().value();
            return apiProblem(new ApiProblem(HttpStatus.valueOf(status), SLUG_BY_STATUS.get(status),
                    refusal.getBody().getDetail()));
        }
        log.error("unexpected failure", e);
        return respond(new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "something went wrong on our side; nothing you sent was the cause").toProblemDetail());
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}

package dev.scrapbook.web;

import java.sql.SQLTransientException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.scrapbook.storage.StorageUnavailableException;

/**
 * Turns every failure into application/problem+json. Bad input is a 4xx with a human detail;
 * a database that can't be reached is a 503 (the client may retry), never a 500.
 */
@RestControllerAdvice
class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        if (problem.status().is5xxServerError()) {
            log.warn("{}: {}", problem.getMessage(), String.valueOf(problem.getCause()));
        }
        return respond(problem.toProblemDetail());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class,
            MissingRequestHeaderException.class})
    ResponseEntity<ProblemDetail> unreadable(Exception e) {
        String detail = e instanceof MissingRequestHeaderException missing
                ? "missing header " + missing.getHeaderName()
                : "the request could not be read: check the JSON body and parameters";
        return respond(ApiProblem.badRequest(detail).toProblemDetail());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "content type " + e.getContentType() + " is not accepted here").toProblemDetail());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return respond(new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                e.getMethod() + " is not allowed here").toProblemDetail());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return respond(ApiProblem.notFound("/" + e.getResourcePath()).toProblemDetail());
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

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        problem.setInstance(null);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}

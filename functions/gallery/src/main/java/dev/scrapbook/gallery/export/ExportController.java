package dev.scrapbook.gallery.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Semaphore;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.gallery.export.ExportRows.Totals;
import dev.scrapbook.web.ApiProblem;

/**
 * {@code GET /api/account/export}: the caller's whole scrapbook as a zip, streamed (see {@link ScrapbookExport}).
 * Written on the request's own (virtual) thread straight into the response, not as an async StreamingResponseBody,
 * so no async timeout cuts a long export. The sum of the originals' sizes is announced before the body
 * ({@value #ORIGINAL_BYTES}): the zip's exact length is not known in advance, and the page shows progress against it.
 * An export holds one of the pool's 8 connections for as long as it runs (its snapshot), so an instance runs at most
 * {@code scrapbook.export.max-running} (2) at once and answers 429 beyond: a few exports can't take the connections
 * every other request of the gallery needs.
 */
@RestController
class ExportController {

    private static final Logger log = LoggerFactory.getLogger(ExportController.class);
    static final String ORIGINAL_BYTES = "Scrapbook-Export-Bytes";
    static final String IMAGE_COUNT = "Scrapbook-Export-Images";

    private final ScrapbookExport export;
    private final ExportRows rows;
    private final Semaphore running;

    ExportController(ScrapbookExport export, ExportRows rows, @Value("${scrapbook.export.max-running:2}") int maxRunning) {
        this.export = export;
        this.rows = rows;
        this.running = new Semaphore(maxRunning);
    }

    @GetMapping("/api/account/export")
    void export(Caller caller, HttpServletResponse response) throws IOException {
        if (!running.tryAcquire()) {
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                    "other exports are running on this server; try again in a minute");
        }
        try {
            write(caller, response);
        } finally {
            running.release();
        }
    }

    private void write(Caller caller, HttpServletResponse response) throws IOException {
        Totals totals = rows.totals(caller.userId());
        String filename = "scrapbook-" + rows.username(caller.userId()) + "-" + LocalDate.now(ZoneOffset.UTC) + ".zip";
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(ORIGINAL_BYTES, Long.toString(totals.bytes()));
        response.setHeader(IMAGE_COUNT, Long.toString(totals.images()));
        try {
            export.write(caller.userId(), response.getOutputStream());
        } catch (UncheckedIOException e) {
            // The client went away: nobody is left to answer, and it is no failure of ours. (S3 or the database failing
            // midway propagates instead, so the connection is closed and the client sees a broken download.)
            log.info("export for {} ended by the client: {}", caller.userId(), e.getCause().toString());
        }
    }
}

package dev.scrapbook.gallery.export;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.gallery.export.ExportRows.Totals;

/**
 * {@code GET /api/account/export}: the caller's whole scrapbook as a zip, streamed (see {@link ScrapbookExport}).
 * Written on the request's own (virtual) thread straight into the response, not as an async StreamingResponseBody,
 * so no async timeout cuts a long export. The sum of the originals' sizes is announced before the body
 * ({@value #ORIGINAL_BYTES}): the zip's exact length is not known in advance, and the page shows progress against it.
 */
@RestController
class ExportController {

    static final String ORIGINAL_BYTES = "Scrapbook-Export-Bytes";
    static final String IMAGE_COUNT = "Scrapbook-Export-Images";

    private final ScrapbookExport export;
    private final ExportRows rows;

    ExportController(ScrapbookExport export, ExportRows rows) {
        this.export = export;
        this.rows = rows;
    }

    @GetMapping("/api/account/export")
    void export(Caller caller, HttpServletResponse response) throws IOException {
        Totals totals = rows.totals(caller.userId());
        String filename = "scrapbook-" + rows.username(caller.userId()) + "-" + LocalDate.now(ZoneOffset.UTC) + ".zip";
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(ORIGINAL_BYTES, Long.toString(totals.bytes()));
        response.setHeader(IMAGE_COUNT, Long.toString(totals.images()));
        export.write(caller.userId(), response.getOutputStream());
    }
}

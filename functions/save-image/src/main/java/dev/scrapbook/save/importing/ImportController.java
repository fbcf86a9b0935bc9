package dev.scrapbook.save.importing;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.save.importing.ScrapbookImport.Report;
import dev.scrapbook.web.ApiProblem;

/**
 * {@code POST /api/account/import}: an export's zip, or any zip of image files, as the raw body. Here in save-image
 * because saving is save-image's: each image takes exactly the path of {@code POST /api/save} with uploaded bytes.
 * A Content-Length over the limit is refused before a byte is read.
 */
@RestController
class ImportController {

    private final ScrapbookImport imports;
    private final ImportSettings settings;

    ImportController(ScrapbookImport imports, ImportSettings settings) {
        this.imports = imports;
        this.settings = settings;
    }

    @PostMapping(path = "/api/account/import",
            consumes = {"application/zip", "application/x-zip-compressed", "application/octet-stream"})
    Report importArchive(Caller caller, HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > settings.maxBytes().toBytes()) {
            throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "the archive is larger than %d MB: import it in parts"
                    .formatted(settings.maxBytes().toMegabytes()));
        }
        try (InputStream body = request.getInputStream()) {
            return imports.importArchive(caller.userId(), body);
        }
    }
}

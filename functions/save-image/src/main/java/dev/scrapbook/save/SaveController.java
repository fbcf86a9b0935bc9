package dev.scrapbook.save;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.scrapbook.auth.Caller;
import dev.scrapbook.images.ImageView;
import dev.scrapbook.images.ImageViews;
import dev.scrapbook.save.ImageSaver.Provenance;
import dev.scrapbook.save.ImageSaver.Saved;
import dev.scrapbook.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;

/** HTTP binding of {@link SaveImageFunction}: {@code POST /api/save} with a JSON image URL or the bytes themselves. */
@RestController
class SaveController {

    private final SaveImageFunction saveImage;
    private final SaveSettings settings;
    private final ImageViews views;

    SaveController(SaveImageFunction saveImage, SaveSettings settings, ImageViews views) {
        this.saveImage = saveImage;
        this.settings = settings;
        this.views = views;
    }

    record SaveByUrl(String imageUrl, String pageUrl, String pageTitle, String alt, String title) {
    }

    @PostMapping(path = "/api/save", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ImageView> saveByUrl(Caller caller, @RequestBody SaveByUrl body) {
        // The fetcher judges the image URL itself (scheme, host, every address); here it only has to be there.
        String imageUrl = ProvenanceRules.required("imageUrl", body.imageUrl());
        Provenance provenance = ProvenanceRules.check(null, body.pageUrl(), body.pageTitle(), body.alt(), body.title(), null);
        return answer(saveImage.apply(new SaveImageFunction.Request(caller.userId(), imageUrl, null, provenance)));
    }

    @PostMapping(path = "/api/save", consumes = {"image/*", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<ImageView> saveBytes(Caller caller, HttpServletRequest request,
            @RequestParam(required = false) String sourceUrl, @RequestParam(required = false) String pageUrl,
            @RequestParam(required = false) String pageTitle, @RequestParam(required = false) String alt,
            @RequestParam(required = false) String title, @RequestParam(required = false) String filename)
            throws IOException {
        Provenance provenance = ProvenanceRules.check(sourceUrl, pageUrl, pageTitle, alt, title, filename);
        byte[] bytes = readCapped(request);
        return answer(saveImage.apply(new SaveImageFunction.Request(caller.userId(), null, bytes, provenance)));
    }

    /** Reads at most the configured size: a larger upload is refused without being held in memory. */
    private byte[] readCapped(HttpServletRequest request) throws IOException {
        long max = settings.maxBytes().toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) max + 1);
            if (bytes.length > max) {
                throw tooLarge(max);
            }
            if (bytes.length == 0) {
                throw ApiProblem.badRequest("the request body is empty: send the image's bytes");
            }
            return bytes;
        }
    }

    static ApiProblem tooLarge(long max) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large",
                "the image is larger than %d MB".formatted(max / (1024 * 1024)));
    }

    private ResponseEntity<ImageView> answer(Saved saved) {
        ImageView view = views.owned(saved.image());
        return saved.created()
                ? ResponseEntity.created(URI.create("/api/images/" + view.id())).body(view)
                : ResponseEntity.ok(view);
    }
}

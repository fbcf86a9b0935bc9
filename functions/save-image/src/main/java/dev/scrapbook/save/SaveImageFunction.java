package dev.scrapbook.save;

import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.scrapbook.save.ImageSaver.Provenance;
import dev.scrapbook.save.ImageSaver.Saved;
import dev.scrapbook.save.fetch.FetchedImage;
import dev.scrapbook.save.fetch.SafeFetcher;
import dev.scrapbook.web.ApiProblem;

/**
 * The save-image function ({@code saveImage} in the function catalog): bytes the client sent, or an image
 * URL the server fetches through the SSRF guard, become a saved image.
 */
@Component("saveImage")
public class SaveImageFunction implements Function<SaveImageFunction.Request, Saved> {

    /** Exactly one of {@code imageUrl} and {@code bytes} is set. */
    public record Request(UUID ownerId, String imageUrl, byte[] bytes, Provenance provenance) {
    }

    private final SafeFetcher fetcher;
    private final ImageSaver saver;
    private final MeterRegistry meters;

    SaveImageFunction(SafeFetcher fetcher, ImageSaver saver, MeterRegistry meters) {
        this.fetcher = fetcher;
        this.saver = saver;
        this.meters = meters;
    }

    /** Timed as {@code scrapbook.saves}, tagged by how the image came and what became of the save. */
    @Override
    public Saved apply(Request request) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            Saved saved = save(request);
            outcome = saved.created() ? "created" : "existing";
            return saved;
        } catch (ApiProblem problem) {
            outcome = problem.status().is4xxClientError() ? "refused" : "unavailable";
            throw problem;
        } finally {
            sample.stop(Timer.builder("scrapbook.saves").description("image saves, by source and outcome")
                    .tag("source", request.bytes() != null ? "upload" : "url").tag("outcome", outcome)
                    .register(meters));
        }
    }

    private Saved save(Request request) {
        if (request.bytes() != null) {
            return saver.save(request.ownerId(), request.bytes(), request.provenance());
        }
        FetchedImage fetched = FetchProblems.fetch(fetcher, request.imageUrl());
        Provenance provenance = request.provenance();
        return saver.save(request.ownerId(), fetched.bytes(), new Provenance(request.imageUrl(), provenance.pageUrl(),
                provenance.pageTitle(), provenance.alt(), provenance.title()));
    }
}

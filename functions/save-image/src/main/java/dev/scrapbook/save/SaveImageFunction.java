package dev.scrapbook.save;

import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import dev.scrapbook.save.ImageSaver.Provenance;
import dev.scrapbook.save.ImageSaver.Saved;
import dev.scrapbook.save.fetch.FetchedImage;
import dev.scrapbook.save.fetch.SafeFetcher;

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

    SaveImageFunction(SafeFetcher fetcher, ImageSaver saver) {
        this.fetcher = fetcher;
        this.saver = saver;
    }

    @Override
    public Saved apply(Request request) {
        if (request.bytes() != null) {
            return saver.save(request.ownerId(), request.bytes(), request.provenance());
        }
        FetchedImage fetched = FetchProblems.fetch(fetcher, request.imageUrl());
        Provenance provenance = request.provenance();
        return saver.save(request.ownerId(), fetched.bytes(), new Provenance(request.imageUrl(), provenance.pageUrl(),
                provenance.pageTitle(), provenance.alt()));
    }
}

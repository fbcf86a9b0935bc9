package dev.scrapbook.thumbnail;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.scrapbook.thumbnail.engine.JavaThumbnailEngine;
import dev.scrapbook.thumbnail.engine.ThumbnailEngine;
import dev.scrapbook.thumbnail.engine.VipsThumbnailEngine;
import dev.scrapbook.web.HealthDetail;

/**
 * Chooses the thumbnail engine ({@code scrapbook.thumbnail.engine}, env {@code SCRAPBOOK_THUMBNAIL_ENGINE}):
 * {@code auto} (default) takes libvips when {@code libvips.so.42} loads and the pure-Java engine
 * otherwise (Google Cloud Functions, where no native library can be installed); {@code vips} or
 * {@code java} force one, and a forced libvips that cannot load stops the start.
 */
@Configuration(proxyBeanMethods = false)
class ThumbnailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ThumbnailConfiguration.class);

    /** The same pixel limit as save-image's, so an image accepted there is never a bomb here. */
    @Bean
    ThumbnailEngine thumbnailEngine(@Value("${scrapbook.thumbnail.engine:auto}") String choice,
            @Value("${scrapbook.fetch.max-pixels:100000000}") long maxPixels) {
        ThumbnailEngine engine = choose(choice, maxPixels);
        if (engine instanceof VipsThumbnailEngine vips) {
            log.info("thumbnail engine: libvips {} (scrapbook.thumbnail.engine={})", vips.libraryVersion(), choice);
        } else {
            log.info("thumbnail engine: {} (scrapbook.thumbnail.engine={}; libvips: {})",
                    engine.name(), choice, VipsThumbnailEngine.unavailableReason());
        }
        return engine;
    }

    @Bean
    HealthDetail thumbnailEngineHealth(ThumbnailEngine engine) {
        return HealthDetail.of("thumbnailEngine", engine.name());
    }

    static ThumbnailEngine choose(String choice, long maxPixels) {
        return switch (choice.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> VipsThumbnailEngine.load(maxPixels)
                    .<ThumbnailEngine>map(engine -> engine)
                    .orElseGet(() -> new JavaThumbnailEngine(maxPixels));
            case "vips", "libvips" -> VipsThumbnailEngine.load(maxPixels).orElseThrow(() -> new IllegalStateException(
                    "scrapbook.thumbnail.engine=vips, but libvips.so.42 cannot be loaded ("
                            + VipsThumbnailEngine.unavailableReason() + "); install Debian's libvips42"));
            case "java" -> new JavaThumbnailEngine(maxPixels);
            default -> throw new IllegalArgumentException(
                    "scrapbook.thumbnail.engine must be auto, vips or java, not '" + choice + "'");
        };
    }
}

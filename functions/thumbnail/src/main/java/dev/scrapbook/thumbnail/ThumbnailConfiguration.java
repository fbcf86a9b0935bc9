package dev.scrapbook.thumbnail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.scrapbook.thumbnail.engine.JavaThumbnailEngine;
import dev.scrapbook.thumbnail.engine.ThumbnailEngine;

@Configuration(proxyBeanMethods = false)
class ThumbnailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ThumbnailConfiguration.class);

    /** The same pixel limit as save-image's, so an image accepted there is never a bomb here. */
    @Bean
    ThumbnailEngine thumbnailEngine(@Value("${scrapbook.fetch.max-pixels:100000000}") long maxPixels) {
        ThumbnailEngine engine = new JavaThumbnailEngine(maxPixels);
        log.info("thumbnail engine: {}", engine.name());
        return engine;
    }
}

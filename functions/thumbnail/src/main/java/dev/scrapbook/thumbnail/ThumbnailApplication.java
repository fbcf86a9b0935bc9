package dev.scrapbook.thumbnail;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The thumbnail function on its own: one Knative service, woken by image-saved CloudEvents. */
@SpringBootApplication(scanBasePackages = "dev.scrapbook")
public class ThumbnailApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(ThumbnailApplication.class)
                .properties("spring.application.name=thumbnail")
                .run(args);
    }
}

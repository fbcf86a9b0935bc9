package dev.scrapbook.gallery;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The gallery function on its own: the page, the image list and the account API. */
@SpringBootApplication(scanBasePackages = "dev.scrapbook")
public class GalleryApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(GalleryApplication.class)
                .properties("spring.application.name=gallery")
                .run(args);
    }
}

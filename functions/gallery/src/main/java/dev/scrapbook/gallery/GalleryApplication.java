package dev.scrapbook.gallery;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.PropertySource;

import dev.scrapbook.FunctionStartup;

/** The gallery function on its own: the page, the image list and the account API. */
@SpringBootApplication(scanBasePackages = "dev.scrapbook")
// The Cloud Functions deployable starts this class without main(): it names its function there.
@PropertySource("classpath:dev/scrapbook/gallery/cloud-function.properties")
public class GalleryApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(GalleryApplication.class)
                .listeners(FunctionStartup.listeners())
                .properties(FunctionStartup.properties("gallery"))
                .run(args);
    }
}

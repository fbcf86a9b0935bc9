package dev.scrapbook.thumbnail;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.PropertySource;

import dev.scrapbook.FunctionStartup;

/** The thumbnail function on its own: one Knative service, woken by image-saved CloudEvents. */
@SpringBootApplication(scanBasePackages = "dev.scrapbook")
// The Cloud Functions deployable starts this class without main(): it names its function there.
@PropertySource("classpath:dev/scrapbook/thumbnail/cloud-function.properties")
public class ThumbnailApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(ThumbnailApplication.class)
                .listeners(FunctionStartup.listeners())
                .properties(FunctionStartup.properties("thumbnail"))
                .run(args);
    }
}

package dev.scrapbook.save;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The save-image function on its own: one Knative service. Scans core's packages beside its own. */
@SpringBootApplication(scanBasePackages = "dev.scrapbook")
public class SaveImageApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(SaveImageApplication.class)
                .properties("spring.application.name=save-image")
                .run(args);
    }
}

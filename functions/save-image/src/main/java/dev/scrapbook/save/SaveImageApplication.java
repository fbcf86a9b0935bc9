package dev.scrapbook.save;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.PropertySource;

import dev.scrapbook.FunctionStartup;

/** The save-image function on its own: one Knative service. Scans core's packages beside its own. */
@SpringBootApplication(scanBasePackages = "dev.scrapbook")
// The Cloud Functions deployable starts this class without main(): it names its function there.
@PropertySource("classpath:dev/scrapbook/save/cloud-function.properties")
public class SaveImageApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(SaveImageApplication.class)
                .listeners(FunctionStartup.listeners())
                .properties(FunctionStartup.properties("save-image"))
                .run(args);
    }
}

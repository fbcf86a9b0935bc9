package dev.scrapbook.share;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.PropertySource;

import dev.scrapbook.FunctionStartup;

/** The share function on its own: friends, images shared with friends, and public links (the /s/ pages). */
@SpringBootApplication(scanBasePackages = "dev.scrapbook")
// The Cloud Functions deployable starts this class without main(): it names its function there.
@PropertySource("classpath:dev/scrapbook/share/cloud-function.properties")
public class ShareApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(ShareApplication.class)
                .listeners(FunctionStartup.listeners())
                .properties(FunctionStartup.properties("share"))
                .run(args);
    }
}

package dev.scrapbook.share;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The share function on its own: friends, images shared with friends, and public links (the /s/ pages). */
@SpringBootApplication(scanBasePackages = "dev.scrapbook")
public class ShareApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(ShareApplication.class)
                .properties("spring.application.name=share")
                .run(args);
    }
}

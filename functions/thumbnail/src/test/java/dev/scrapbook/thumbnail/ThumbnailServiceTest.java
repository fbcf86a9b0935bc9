package dev.scrapbook.thumbnail;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.scrapbook.testing.TestServices;

/** The thumbnail service on its own against the real PostgreSQL and S3; one context shared by its test classes. */
@SpringBootTest(classes = ThumbnailApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ThumbnailServiceTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }
}

package dev.scrapbook.gallery.startup;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.DispatcherServlet;

import com.zaxxer.hikari.HikariDataSource;

import dev.scrapbook.gallery.GalleryApplication;
import dev.scrapbook.testing.TestServices;

/**
 * A function that reports ready has already done its first request's one-off work (core's StartupWarmup and
 * spring.mvc.servlet.load-on-startup): started lazily, as images start it, before any request has been sent.
 */
@SpringBootTest(classes = GalleryApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
// As images start: lazy beans, no migration at start (Flyway would otherwise open the pool itself).
@TestPropertySource(properties = {"spring.main.lazy-initialization=true", "spring.flyway.enabled=false"})
class StartupWarmupTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @Autowired
    DataSource dataSource;
    @Autowired
    DispatcherServlet dispatcher;

    @Test
    void thePoolHoldsAConnectionBeforeTheFirstRequest() {
        assertThat(((HikariDataSource) dataSource).getHikariPoolMXBean()).isNotNull();
        assertThat(((HikariDataSource) dataSource).getHikariPoolMXBean().getTotalConnections()).isPositive();
    }

    @Test
    void theDispatcherServletIsReadyBeforeTheFirstRequest() {
        assertThat(dispatcher.getHandlerMappings()).isNotEmpty();
    }
}

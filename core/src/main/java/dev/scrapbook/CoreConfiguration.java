package dev.scrapbook;

import java.time.Clock;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What every function gets from core: settings records bound from SCRAPBOOK_* and a clock. */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan
class CoreConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}

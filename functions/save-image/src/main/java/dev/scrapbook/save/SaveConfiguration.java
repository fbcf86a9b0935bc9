package dev.scrapbook.save;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.scrapbook.save.fetch.FetchSettings;
import dev.scrapbook.save.fetch.SafeFetcher;

@Configuration(proxyBeanMethods = false)
class SaveConfiguration {

    @Bean
    SafeFetcher safeFetcher(SaveSettings settings) {
        return new SafeFetcher(new FetchSettings(FetchSettings.parseAllowedHosts(settings.allowedHosts()), settings.maxBytes().toBytes(),
                settings.connectTimeout(), settings.readTimeout(), FetchSettings.DEFAULT_MAX_REDIRECTS));
    }
}

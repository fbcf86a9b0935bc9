package dev.scrapbook.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets the gallery page on its own host call a function on another (a Knative cluster). Off unless
 * {@code SCRAPBOOK_ENDPOINTS_CORS_ALLOWED_ORIGINS} names origins: exact origins only, no wildcard, no credentials
 * (the API authenticates by bearer token, so no cookie ever rides along).
 */
@Configuration(proxyBeanMethods = false)
class CrossOriginApi implements WebMvcConfigurer {

    private final PublicEndpoints endpoints;

    CrossOriginApi(PublicEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (endpoints.corsAllowedOrigins().isEmpty()) {
            return;
        }
        registry.addMapping("/api/**")
                .allowedOrigins(endpoints.corsAllowedOrigins().toArray(String[]::new))
                .allowedMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .allowedHeaders(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT)
                .exposedHeaders(HttpHeaders.LOCATION)
                .allowCredentials(false)
                .maxAge(3600);
    }
}

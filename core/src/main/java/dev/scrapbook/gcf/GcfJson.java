package dev.scrapbook.gcf;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.function.json.JacksonMapper;
import org.springframework.cloud.function.json.JsonMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The function catalog converts a Cloud Functions answer to JSON with the application's own Jackson mapper, as
 * the HTTP bindings do. Left alone, Spring Cloud Function's GCP adapter makes it Gson: {@code FunctionInvoker}
 * sets {@code spring.cloud.function.preferred-json-mapper=gson} as a system property unless an environment
 * variable of that name exists (spring-cloud-function v4.3.0, FunctionInvoker#init), and a system property
 * outranks every application setting. Gson has no adapter for {@code java.time} and reflects into the JDK's
 * private fields, which Java 17+ refuses ({@code module java.base does not "opens java.time"}), so every answer
 * holding an {@code Instant} failed. The catalog's JSON mapper is a {@code @ConditionalOnMissingBean} (v4.3.0,
 * ContextFunctionCatalogAutoConfiguration.JsonMapperConfiguration): this bean takes its place. Only where the
 * adapter is, that is in the {@code *-gcf.jar} deployables and the modules' tests.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.cloud.function.adapter.gcp.FunctionInvoker")
class GcfJson {

    @Bean
    JsonMapper functionCatalogJsonMapper(ObjectMapper json) {
        return new JacksonMapper(json);
    }
}

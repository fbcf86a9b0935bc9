package dev.scrapbook.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Liveness for Knative and for deploy.sh: answers without touching any backing service, so it stays cheap.
 * Functions add fixed facts through {@link HealthDetail} beans (the thumbnail engine, for instance).
 */
@RestController
class Health {

    private final Map<String, String> body;

    Health(@Value("${spring.application.name:scrapbook}") String function, ObjectProvider<HealthDetail> details) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("status", "UP");
        fields.put("function", function);
        details.orderedStream().forEach(detail -> fields.putIfAbsent(detail.name(), detail.value()));
        this.body = Collections.unmodifiableMap(fields);
    }

    @GetMapping("/health")
    Map<String, String> health() {
        return body;
    }
}

package dev.scrapbook.web;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Liveness for Knative and for deploy.sh: answers without touching any backing service, so it stays cheap. */
@RestController
class Health {

    private final String function;

    Health(@Value("${spring.application.name:scrapbook}") String function) {
        this.function = function;
    }

    @GetMapping("/health")
    Map<String, String> health() {
        return Map.of("status", "UP", "function", function);
    }
}

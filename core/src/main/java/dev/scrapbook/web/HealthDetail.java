package dev.scrapbook.web;

/**
 * One more field in {@code GET /health}, contributed by a function as a bean: something fixed at
 * start that an operator wants to see, such as which thumbnail engine runs. Must be cheap and touch
 * no backing service, as the endpoint is Knative's liveness probe.
 */
public interface HealthDetail {

    /** The JSON field name; not {@code status} or {@code function}. */
    String name();

    String value();

    static HealthDetail of(String name, String value) {
        return new HealthDetail() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String value() {
                return value;
            }
        };
    }
}

package dev.scrapbook.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads one figure from /actuator/prometheus, the way a scraper sees it. */
final class Prometheus {

    private Prometheus() {
    }

    static String scrape(String baseUrl) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("scrape answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    /** The sum over the series of {@code name} whose labels include every {@code label="value"} given; 0 if none. */
    static double value(String scrape, String name, String... labels) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{") && hasAll(line, labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static boolean hasAll(String line, String... labels) {
        String labelPart = line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1);
        for (String label : labels) {
            if (!labelPart.contains(label)) {
                return false;
            }
        }
        return true;
    }
}

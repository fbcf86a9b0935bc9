package dev.scrapbook.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.scrapbook.local.ApiClient.Answer;

/**
 * {@code saves} saves from {@code clients} concurrent clients (a user each), alternating a URL the server
 * fetches and an upload, every image distinct. Keeps each answer's status and latency.
 */
final class LoadRun {

    private static final int FIRST_SEED = 1_000_000;

    private final ImageServer web;
    private final int clients;
    private final int saves;
    private final List<String> ids = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final long[] latencyNanos;
    private long elapsedNanos;

    LoadRun(ImageServer web, int clients, int saves) {
        this.web = web;
        this.clients = clients;
        this.saves = saves;
        this.latencyNanos = new long[saves];
    }

    LoadRun run(Supplier<ApiClient> newUser) throws Exception {
        List<ApiClient> users = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            users.add(newUser.get());
        }
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> running = new ArrayList<>();
            for (ApiClient user : users) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < saves; i = next.getAndIncrement()) {
                        saveOne(user, i);
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        }
        elapsedNanos = System.nanoTime() - start;
        return this;
    }

    private void saveOne(ApiClient user, int i) {
        int seed = FIRST_SEED + i;
        long sent = System.nanoTime();
        Answer answer = i % 2 == 0
                ? user.post("/api/save", Map.of("imageUrl", web.url(seed), "pageUrl", "http://example.org/" + i))
                : user.upload("/api/save?pageUrl=http://example.org/" + i, TestJpegs.unique(seed, 640, 480), "image/jpeg");
        latencyNanos[i] = System.nanoTime() - sent;
        statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
        if (answer.status() == 201) {
            ids.add(answer.body().path("id").asText());
        }
    }

    List<String> ids() {
        return List.copyOf(ids);
    }

    Map<Integer, Integer> statusCounts() {
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    double seconds() {
        return elapsedNanos / 1e9;
    }

    String summary() {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        return ("load: %d saves (URL and upload alternating) from %d clients in %.1f s = %.1f saves/s;"
                + " latency ms p50 %.0f, p90 %.0f, p99 %.0f, max %.0f; answers %s").formatted(
                saves, clients, seconds(), saves / seconds(), ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6, statusCounts());
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.ceil(quantile * sorted.length) - 1] / 1e6;
    }
}

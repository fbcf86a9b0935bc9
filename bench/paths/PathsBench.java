import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * The save and gallery paths of a running local runtime, over loopback HTTP, JDK only. Run by
 * bench/paths/run.sh, which starts the runtime and fills the database. Subcommands:
 *
 * <pre>
 *   account BASE USERNAME                  sign up and log in; prints "token user-id"
 *   save    BASE TOKEN DIR CLIENTS COUNT   POST /api/save (upload mode), baseline: the same bodies to a
 *                                          JDK HttpServer that only reads them, and GET /health
 *   e2e     BASE TOKEN DIR CLIENTS COUNT   save, then poll GET /api/images/{id} until ready
 *   gallery BASE TOKEN CLIENTS PAGES       walk GET /api/images pages by cursor; baseline GET /health
 * </pre>
 * Prints one line per measurement: name, requests, requests/s, p50 ms, p99 ms, max ms, and the server's
 * CPU milliseconds per request when -Dserver.pid names the runtime's process.
 */
public class PathsBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern CURSOR = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "account" -> account(args[1], args[2]);
            case "save" -> save(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "e2e" -> endToEnd(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "gallery" -> gallery(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args.length > 5 ? Integer.parseInt(args[5]) : 30);
            default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
    }

    private static void account(String base, String username) throws Exception {
        String credentials = "{\"username\":\"%s\",\"password\":\"bench-password-%s\"}".formatted(username, username);
        send(post(base + "/api/account/signup", credentials), 201);
        String login = send(post(base + "/api/account/login", credentials), 200);
        String token = login.replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String me = send(authorized(base + "/api/account/me", token).GET().build(), 200);
        System.out.println(token + " " + match(ID, me));
    }

    private static void save(String base, String token, Path dir, int clients, int count) throws Exception {
        List<byte[]> photos = photos(dir);
        // Warm-up: JIT, connection pools, the first S3 and RabbitMQ round trips.
        measure(2, 8, i -> send(upload(base, token, unique(photos.get(i % photos.size()))), 201));
        report("save POST /api/save", measure(clients, count,
                i -> send(upload(base, token, unique(photos.get(i % photos.size()))), 201)));

        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        sink.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
            }
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        sink.setExecutor(Executors.newFixedThreadPool(clients));
        sink.start();
        String sinkBase = "http://127.0.0.1:" + sink.getAddress().getPort();
        try {
            measure(2, 8, i -> send(upload(sinkBase, token, photos.get(i % photos.size())), 201));
            Result sunk = measure(clients, count, i -> send(upload(sinkBase, token, photos.get(i % photos.size())), 201));
            report("baseline: same bodies to a JDK HttpServer that only reads them",
                    new Result(sunk.latencies(), sunk.wallNanos(), -1));
        } finally {
            sink.stop(0);
            ((ExecutorService) sink.getExecutor()).shutdownNow();
        }
        health(base, clients, count * 4);
    }

    private static void endToEnd(String base, String token, Path dir, int clients, int count) throws Exception {
        List<byte[]> photos = photos(dir);
        report("save -> thumbnail ready", measure(clients, count, i -> {
            String saved = send(upload(base, token, unique(photos.get(i % photos.size()))), 201);
            String id = match(ID, saved);
            while (true) {
                String image = send(authorized(base + "/api/images/" + id, token).GET().build(), 200);
                String status = match(STATUS, image);
                if (!status.equals("pending")) {
                    if (!status.equals("ready")) {
                        throw new IllegalStateException("image " + id + " ended " + status + ": " + image);
                    }
                    return;
                }
                Thread.sleep(10);
            }
        }));
    }

    private static void gallery(String base, String token, int clients, int pages, int limit) throws Exception {
        measure(1, 50, i -> send(authorized(base + "/api/images", token).GET().build(), 200));
        // Each client walks its own run of pages by cursor, from the newest image on: first pages and deep ones.
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long cpuBefore = serverCpuNanos();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> work = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                work.add(pool.submit(() -> {
                    String cursor = null;
                    for (int page = 0; page < pages; page++) {
                        String url = base + "/api/images?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
                        long sent = System.nanoTime();
                        String body = send(authorized(url, token).GET().build(), 200);
                        latencies.add(System.nanoTime() - sent);
                        Matcher next = CURSOR.matcher(body);
                        cursor = next.find() ? next.group(1) : null;
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        }
        Result result = new Result(latencies, System.nanoTime() - started, serverCpuNanos() - cpuBefore);
        report("gallery GET /api/images (" + limit + " a page, 100,000 images)", result);
        health(base, clients, latencies.size());
    }

    private static void health(String base, int clients, int count) throws Exception {
        measure(clients, 200, i -> send(HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(), 200));
        report("baseline: GET /health", measure(clients, count,
                i -> send(HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(), 200)));
    }

    interface Call {
        void run(int index) throws Exception;
    }

    record Result(List<Long> latencies, long wallNanos, long serverCpuNanos) {
    }

    /**
     * CPU time the server process has used (-Dserver.pid, /proc): a figure the other engineers' builds
     * on this machine disturb far less than latency. -1 when unknown.
     */
    private static long serverCpuNanos() {
        String pid = System.getProperty("server.pid");
        if (pid == null) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code count} calls spread over {@code clients} threads, each timed from send to full answer. */
    private static Result measure(int clients, int count, Call call) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        long cpuBefore = serverCpuNanos();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> work = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                work.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        call.run(i);
                        latencies.add(System.nanoTime() - sent);
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        }
        return new Result(latencies, System.nanoTime() - started, serverCpuNanos() - cpuBefore);
    }

    private static void report(String name, Result result) {
        List<Long> sorted = new ArrayList<>(result.latencies());
        Collections.sort(sorted);
        String serverCpu = result.serverCpuNanos() < 0 ? "-" : "%.2f".formatted(result.serverCpuNanos() / 1e6 / sorted.size());
        System.out.printf("%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%s%n", name, sorted.size(),
                sorted.size() / (result.wallNanos() / 1e9), percentile(sorted, 50), percentile(sorted, 99),
                sorted.getLast() / 1e6, serverCpu);
    }

    private static double percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.clamp(index, 0, sorted.size() - 1)) / 1e6;
    }

    private static List<byte[]> photos(Path dir) throws IOException {
        List<byte[]> photos = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                photos.add(Files.readAllBytes(file));
            }
        }
        return photos;
    }

    /** The photo with a JPEG comment segment that makes its bytes new, so save-image's dedupe does not answer 200. */
    private static byte[] unique(byte[] jpeg) {
        byte[] text = ("bench " + ProcessHandle.current().pid() + " " + System.nanoTime() + " " + UNIQUE.incrementAndGet())
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[jpeg.length + 4 + text.length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE;
        out[4] = (byte) ((text.length + 2) >> 8);
        out[5] = (byte) (text.length + 2);
        System.arraycopy(text, 0, out, 6, text.length);
        System.arraycopy(jpeg, 2, out, 6 + text.length, jpeg.length - 2);
        return out;
    }

    private static HttpRequest upload(String base, String token, byte[] jpeg) {
        return authorized(base + "/api/save?pageUrl=https%3A%2F%2Fexample.org%2Fbench", token)
                .header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build();
    }

    private static HttpRequest.Builder authorized(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static String send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + response.statusCode()
                    + " " + response.body());
        }
        return response.body();
    }

    private static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException(pattern + " not in " + text);
        }
        return matcher.group(1);
    }
}

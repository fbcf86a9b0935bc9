import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Search requests against a running local runtime, one client over loopback, JDK only. Run by bench/search/run.sh,
 * which starts the runtime, fills the database and writes the request file:
 *
 * <pre>
 *   java SearchBench.java BASE TOKEN REQUESTS-FILE COUNT
 * </pre>
 * Each line of the file is {@code name<TAB>first|walk<TAB>path<TAB>path...}: {@code first} sends each path in
 * turn (first pages); {@code walk} follows {@code nextCursor} from each path for up to 20 pages, then takes the
 * next path. Every kind gets a warm-up of 20 requests, then COUNT timed ones; prints one line per kind: name,
 * requests, requests/s, p50 ms, p99 ms, max ms, and the items per answer on average.
 */
public class SearchBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CURSOR = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ITEM = Pattern.compile("\"originalUrl\"");
    private static final int WALK_PAGES = 20;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int count = Integer.parseInt(args[3]);
        for (String line : Files.readAllLines(Path.of(args[2]))) {
            String[] fields = line.split("\t");
            List<String> paths = List.of(fields).subList(2, fields.length);
            boolean walk = fields[1].equals("walk");
            run(base, token, paths, walk, 20);
            Result result = run(base, token, paths, walk, count);
            List<Long> sorted = new ArrayList<>(result.latencies());
            Collections.sort(sorted);
            System.out.printf("%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f%n", fields[0], sorted.size(),
                    sorted.size() / (result.wallNanos() / 1e9), percentile(sorted, 50), percentile(sorted, 99),
                    sorted.getLast() / 1e6, (double) result.items() / sorted.size());
        }
    }

    record Result(List<Long> latencies, long wallNanos, long items) {
    }

    private static Result run(String base, String token, List<String> paths, boolean walk, int count) throws Exception {
        List<Long> latencies = new ArrayList<>();
        long items = 0;
        int next = 0;
        String cursor = null;
        int pages = 0;
        long started = System.nanoTime();
        while (latencies.size() < count) {
            String path = paths.get(next % paths.size());
            String url = base + path + (cursor == null ? "" : (path.contains("?") ? "&" : "?") + "cursor=" + cursor);
            long sent = System.nanoTime();
            String body = get(url, token);
            latencies.add(System.nanoTime() - sent);
            items += ITEM.matcher(body).results().count();
            Matcher more = CURSOR.matcher(body);
            pages++;
            if (walk && more.find() && pages < WALK_PAGES) {
                cursor = more.group(1);
            } else {
                cursor = null;
                pages = 0;
                next++;
            }
        }
        return new Result(latencies, System.nanoTime() - started, items);
    }

    private static String get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static double percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.clamp(index, 0, sorted.size() - 1)) / 1e6;
    }
}

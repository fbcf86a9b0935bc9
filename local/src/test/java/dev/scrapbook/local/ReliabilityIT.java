package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import dev.scrapbook.local.ApiClient.Answer;
import dev.scrapbook.storage.EmbeddedS3Server;
import dev.scrapbook.testing.TestServices;

/**
 * Faults and load against the local runtime running as the README starts it, in a child process, on services
 * of this test's own: a private PostgreSQL, a private RabbitMQ node and an S3Proxy in this JVM, each stopped and
 * started here without touching the machine's shared servers. Every check ends with the same ledger: each
 * image saved has its row, its original and its thumbnails; none pending, none lost. {@code -Dsoak} runs the
 * issue's full sizes; the default run is smaller where the full size would not fit a few minutes (see
 * docs/RELIABILITY.md, which records the figures this test prints).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ReliabilityIT {

    static final boolean SOAK = Boolean.getBoolean("soak");
    static final int KILL_BATCH = 200;
    /** Photograph-sized in the soak; smaller by default, so the batch takes seconds to thumbnail, not a minute. */
    static final int KILL_WIDTH = SOAK ? 1600 : 800;
    static final int LOAD_SAVES = SOAK ? 1000 : 300;
    static final int LOAD_CLIENTS = 8;
    static final Duration SETTLE = Duration.ofMinutes(SOAK ? 15 : 5);
    static final int IMPORT_IMAGES = SOAK ? 1000 : 300;

    @TempDir
    static Path dir;

    private PrivatePostgres postgres;
    private PrivateRabbit rabbit;
    private EmbeddedS3Server s3;
    private int s3Port;
    private ImageServer web;
    private LocalRuntimeProcess app;
    private Ledger ledger;
    private ApiClient user;
    private final List<String> figures = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void startServices() throws Exception {
        postgres = new PrivatePostgres();
        rabbit = new PrivateRabbit();
        s3Port = TestServices.freePort();
        startS3();
        web = new ImageServer();
        Map<String, String> env = new HashMap<>();
        env.put("SCRAPBOOK_PORT", String.valueOf(TestServices.freePort()));
        env.put("SCRAPBOOK_DATA_DIR", dir.resolve("data").toString());
        env.put("SCRAPBOOK_DB_URL", postgres.jdbcUrl("scrapbook"));
        env.put("SCRAPBOOK_RABBITMQ_URL", rabbit.amqpUrl());
        env.put("SCRAPBOOK_S3_ENDPOINT", "http://127.0.0.1:" + s3Port);
        env.put("SCRAPBOOK_S3_ACCESS_KEY", Ledger.S3_KEY);
        env.put("SCRAPBOOK_S3_SECRET_KEY", Ledger.S3_SECRET);
        env.put("SCRAPBOOK_S3_CREATE_BUCKETS", "true");
        env.put("SCRAPBOOK_FETCH_ALLOWED_HOSTS", web.hostPort());
        env.put("SCRAPBOOK_DISPATCHER_BACKOFF_DELAY", "PT0.25S");
        env.put("SCRAPBOOK_DISPATCHER_RECONCILE_EVERY", "2s");
        env.put("SCRAPBOOK_RECONCILE_UNCONFIRMED_GRACE", "3s");
        env.put("SCRAPBOOK_RECONCILE_STUCK_AFTER", "30s");
        // An original whose save was killed between the S3 put and its row is deleted this long after.
        env.put("SCRAPBOOK_RECONCILE_ABANDONED_AFTER", "5s");
        // The images being made at the kill -9 keep their claim until the lease runs out (5 minutes by default).
        env.put("SCRAPBOOK_THUMBNAIL_LEASE", "20s");
        env.put("SERVER_TOMCAT_CONNECTIONTIMEOUT", "2s");
        app = new LocalRuntimeProcess(env, dir.resolve("app.log")).start();
        ledger = new Ledger(postgres.jdbcUrl("scrapbook"), "http://127.0.0.1:" + s3Port);
        user = newUser();
    }

    @AfterAll
    void stopServices() throws Exception {
        System.out.println(String.join("\n", figures));
        Files.writeString(Path.of("target", "reliability-figures.txt"), String.join("\n", figures) + "\n");
        try (AutoCloseable a = app; AutoCloseable r = rabbit; AutoCloseable p = postgres; AutoCloseable w = web;
                AutoCloseable s = s3) {
            System.out.println("closing the private services");
        }
    }

    @Test
    @Order(1)
    void killNineMidBatchLeavesEveryImageReadyOrFailedNeverPendingOrBroken() throws Exception {
        List<String> ids = uploadConcurrently(user, 0, KILL_BATCH, 4, KILL_WIDTH, KILL_WIDTH * 3 / 4);
        ledger.awaitAtLeastSettled(KILL_BATCH / 10, SETTLE);

        app.killNine();
        long pendingAtKill = ledger.count("select count(*) from images where status = 'pending'");
        app.start();
        ledger.awaitNonePending(SETTLE);

        assertThat(pendingAtKill).as("the kill came mid-batch").isPositive();
        assertThat(ledger.statuses(ids)).containsOnlyKeys("ready");
        ledger.assertEveryRowWhole();
        figures.add("kill -9 mid-batch: %d images, %d pending at the kill, %d ready after restart, 0 lost"
                .formatted(KILL_BATCH, pendingAtKill, ledger.statuses(ids).get("ready")));
    }

    @Test
    @Order(2)
    void brokerRestartWhileSavingStillThumbnailsEverySavedImage() throws Exception {
        List<String> ids = new ArrayList<>();
        int saves = 40;
        for (int i = 0; i < saves; i++) {
            if (i == saves / 4) {
                rabbit.stopApp();
            }
            if (i == saves / 2) {
                rabbit.startApp();
            }
            Answer answer = user.upload("/api/save", TestJpegs.unique(10_000 + i, 320, 240), "image/jpeg");
            assertThat(answer.status()).as("a save while the broker is down still succeeds: the row is the outbox")
                    .isEqualTo(201);
            ids.add(answer.body().path("id").asText());
        }
        ledger.awaitNonePending(SETTLE);

        assertThat(ledger.statuses(ids)).containsOnlyKeys("ready");
        ledger.assertEveryRowWhole();
        figures.add("RabbitMQ restart during %d saves (%d while it was down): %d ready, 0 lost"
                .formatted(saves, saves / 4, ledger.statuses(ids).get("ready")));
    }

    @Test
    @Order(3)
    void databaseDownIs503AndTheFunctionsRecoverWithoutARestart() throws Exception {
        long rows = ledger.count("select count(*) from images");
        long objects = ledger.originals();
        Map<Integer, Integer> meanwhile = new java.util.concurrent.ConcurrentSkipListMap<>();
        java.util.concurrent.atomic.AtomicBoolean going = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread requests = Thread.ofVirtual().start(() -> {
            while (going.get()) {
                meanwhile.merge(user.get("/api/images?limit=5").status(), 1, Integer::sum);
            }
        });
        Thread.sleep(300);
        postgres.stop();
        List<Answer> whileDown = List.of(user.get("/api/images"), user.get("/api/account/me"),
                user.upload("/api/save", TestJpegs.unique(20_000, 64, 48), "image/jpeg"),
                new ApiClient(app.base()).post("/api/account/login", Map.of("username", "x", "password", "y")));
        postgres.start();
        Thread.sleep(2000);
        going.set(false);
        requests.join();

        for (Answer answer : whileDown) {
            assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(503);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(meanwhile).as("requests going on throughout: 200 or 503, never 500").containsKeys(200, 503)
                .doesNotContainKey(500);
        assertThat(meanwhile.keySet()).containsOnly(200, 503);
        assertThat(user.get("/api/images").status()).as("recovered without a restart").isEqualTo(200);
        assertThat(user.upload("/api/save", TestJpegs.unique(20_001, 64, 48), "image/jpeg").status()).isEqualTo(201);
        assertThat(ledger.count("select count(*) from images")).isEqualTo(rows + 1);
        assertThat(ledger.originals()).as("no orphan original from the refused save").isEqualTo(objects + 1);
        ledger.awaitNonePending(SETTLE);
        ledger.assertEveryRowWhole();
        figures.add("PostgreSQL stopped and started while requests went on: answers %s (no 500); the 4 kinds of call"
                .formatted(meanwhile) + " made while it was down all 503; recovered without a restart");
    }

    @Test
    @Order(4)
    void storageDownIs503WithoutOrphanRowAndPendingThumbnailsResumeWhenItIsBack() throws Exception {
        List<String> ids = uploadConcurrently(user, 50_000, 20, 2, 1600, 1200);
        s3.close();
        long pendingAtStop = ledger.count("select count(*) from images where status = 'pending'");
        long rows = ledger.count("select count(*) from images");
        Answer refused = user.upload("/api/save", TestJpegs.unique(30_000, 64, 48), "image/jpeg");
        Thread.sleep(20_000);
        startS3();
        ledger.awaitNonePending(SETTLE);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(ledger.count("select count(*) from images")).as("no orphan row").isEqualTo(rows);
        assertThat(ledger.statuses(ids)).containsOnlyKeys("ready");
        ledger.assertEveryRowWhole();
        figures.add("S3 stopped for 20 s with %d of 20 thumbnails pending: save answered 503, no orphan row, all 20 ready after"
                .formatted(pendingAtStop));
    }

    @Test
    @Order(5)
    void aPoisonMessageNeverBlocksTheQueueBehindIt() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setPort(rabbit.port);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            long deadBefore = channel.messageCount("scrapbook.thumbnail.dead");
            channel.basicPublish("scrapbook.images", "image.saved", null, "not a cloud event".getBytes(StandardCharsets.UTF_8));
            Answer saved = user.upload("/api/save", TestJpegs.unique(40_000, 320, 240), "image/jpeg");
            ledger.awaitNonePending(SETTLE);

            assertThat(ledger.statuses(List.of(saved.body().path("id").asText()))).containsOnlyKeys("ready");
            assertThat(channel.messageCount("scrapbook.thumbnail.dead")).isEqualTo(deadBefore + 1);
        }
        figures.add("poison message: dead-lettered, the image saved after it got its thumbnails");
    }

    @Test
    @Order(6)
    void loadOfConcurrentMixedSavesLosesNothing() throws Exception {
        LoadRun run = new LoadRun(web, LOAD_CLIENTS, LOAD_SAVES).run(this::newUser);
        long start = System.nanoTime();
        ledger.awaitNonePending(SETTLE);
        double thumbnailsDone = run.seconds() + (System.nanoTime() - start) / 1e9;

        assertThat(run.statusCounts()).containsOnlyKeys(201);
        assertThat(ledger.statuses(run.ids())).containsOnlyKeys("ready");
        assertThat(run.ids()).doesNotHaveDuplicates().hasSize(LOAD_SAVES);
        assertThat(ledger.count("select count(*) from (select owner_id, sha256 from images group by 1, 2 having count(*) > 1) d"))
                .isZero();
        ledger.assertEveryRowWhole();
        figures.add(run.summary() + "; every thumbnail ready %.1f s after the first save".formatted(thumbnailsDone));
        figures.add("ledger: %d rows, %d originals, %d thumbnail pairs, 0 pending, 0 lost".formatted(
                ledger.count("select count(*) from images"), ledger.originals(),
                ledger.count("select count(*) from images where status = 'ready'")));
    }

    @Test
    @Order(7)
    void aBodyThatStopsArrivingIsCutOffWithoutA5xxOrARow() throws Exception {
        long rows = ledger.count("select count(*) from images");
        String answer;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", Integer.parseInt(app.base().replaceAll(".*:", "")))) {
            socket.setSoTimeout(60_000);
            String head = "POST /api/save HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + user.token()
                    + "\r\nContent-Type: image/jpeg\r\nContent-Length: 1000000\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(TestJpegs.unique(60_000, 64, 48), 0, 100);
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }

        assertThat(answer).as("closed, or a 4xx: never a 5xx").doesNotStartWith("HTTP/1.1 5");
        assertThat(ledger.count("select count(*) from images")).isEqualTo(rows);
        figures.add("slow body: cut off after the read timeout, answer '%s', no row"
                .formatted(answer.isEmpty() ? "(connection closed)" : answer.lines().findFirst().orElse("")));
    }

    @Test
    @Order(8)
    void killNineMidImportThenTheSameImportAgainSavesEachImageOnceWithItsBoard() throws Exception {
        ApiClient carl = newUser();
        String owner = carl.userId();
        byte[] archive = exportArchive(IMPORT_IMAGES);
        Thread firstTry = Thread.ofVirtual().start(() -> {
            try {
                carl.upload("/api/account/import", archive, "application/zip");
            } catch (RuntimeException cutOff) {
                // the kill below ends this request
            }
        });
        String mine = "select count(*) from images where owner_id = '" + owner + "'";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (ledger.count(mine) < IMPORT_IMAGES / 10 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        app.killNine();
        long savedAtKill = ledger.count(mine);
        long inFlightAtKill = ledger.count("select count(*) from originals_in_flight");
        firstTry.join();
        app.start();
        Answer again = carl.upload("/api/account/import", archive, "application/zip");
        ledger.awaitNonePending(SETTLE);
        long rows = ledger.count("select count(*) from images");
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (ledger.originals() != rows && System.nanoTime() < until) {
            Thread.sleep(500);
        }

        assertThat(savedAtKill).as("the kill came mid-import").isBetween(1L, (long) IMPORT_IMAGES - 1);
        assertThat(again.status()).as(String.valueOf(again.body())).isEqualTo(200);
        assertThat(again.body().path("imported").asInt() + again.body().path("alreadyHad").asInt()).isEqualTo(IMPORT_IMAGES);
        assertThat(again.body().path("alreadyHad").asLong()).isEqualTo(savedAtKill);
        assertThat(again.body().path("refused")).isEmpty();
        assertThat(ledger.count(mine)).as("each image exactly once").isEqualTo(IMPORT_IMAGES);
        assertThat(ledger.count(mine + " and note = 'kept'")).as("notes in the same insert, before and after the kill")
                .isEqualTo(IMPORT_IMAGES);
        assertThat(ledger.count("select count(*) from boards where owner_id = '" + owner + "'")).as("one board").isEqualTo(1);
        assertThat(ledger.count("select count(*) from board_images bi join boards b on b.id = bi.board_id where b.owner_id = '"
                + owner + "'")).isEqualTo(IMPORT_IMAGES);
        assertThat(ledger.count(mine + " and status = 'ready'")).as("thumbnails through the event path").isEqualTo(IMPORT_IMAGES);
        ledger.assertEveryRowWhole();
        assertThat(ledger.count("select count(*) from originals_in_flight")).as("no save left in flight").isZero();
        figures.add(("kill -9 mid-import: %d of %d images saved at the kill, %d originals in flight; the same import again:"
                + " %d imported, %d already had; one board; originals without a row after the reconcile pass: 0")
                .formatted(savedAtKill, IMPORT_IMAGES, inFlightAtKill, again.body().path("imported").asInt(), savedAtKill));
    }

    /** An export-shaped zip: scrapbook.json first (a note for each image, one board of them all), then the images. */
    private static byte[] exportArchive(int count) throws Exception {
        Map<String, byte[]> images = new java.util.LinkedHashMap<>();
        var manifest = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        manifest.put("format", "scrapbook-export").put("version", 1);
        var metas = manifest.putArray("images");
        var board = manifest.putArray("boards").addObject().put("name", "Imported at a crash").putArray("images");
        for (int i = 0; i < count; i++) {
            byte[] jpeg = TestJpegs.unique(90_000 + i, 400, 300);
            String sha = Zips.sha256(jpeg);
            images.put("images/photo-" + i + ".jpg", jpeg);
            metas.addObject().put("file", "images/photo-" + i + ".jpg").put("sha256", sha).put("title", "photo " + i)
                    .put("note", "kept");
            board.add(sha);
        }
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("scrapbook.json", manifest.toString().getBytes(StandardCharsets.UTF_8));
        entries.putAll(images);
        return Zips.zip(entries);
    }

    private ApiClient newUser() {
        return new ApiClient(app.base()).newUser();
    }

    private void startS3() throws Exception {
        s3 = EmbeddedS3Server.onDisk(dir.resolve("s3"), "127.0.0.1", s3Port, Ledger.S3_KEY, Ledger.S3_SECRET);
    }

    private static List<String> uploadConcurrently(ApiClient user, int firstSeed, int count, int threads, int width, int height)
            throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<String>> saves = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int seed = firstSeed + i;
                saves.add(pool.submit(() -> {
                    Answer answer = user.upload("/api/save", TestJpegs.unique(seed, width, height), "image/jpeg");
                    assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(201);
                    return answer.body().path("id").asText();
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> save : saves) {
                ids.add(save.get());
            }
            return ids;
        }
    }
}

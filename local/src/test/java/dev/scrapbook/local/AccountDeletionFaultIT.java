package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import dev.scrapbook.local.ApiClient.Answer;
import dev.scrapbook.storage.EmbeddedS3Server;
import dev.scrapbook.testing.TestServices;

/**
 * kill -9 of the local runtime (started as the README says, a child process) in the middle of deleting an account
 * with many images; after the restart the deletion is finished: no object under the owner in either bucket, no row,
 * the name free, and the friend's kept copy whole. The S3 server lives in this JVM, so it outlives the kill; the
 * database and the RabbitMQ names are this run's own on the machine's servers. The deletion is made slow enough to
 * be caught midway by deleting one key per request ({@code SCRAPBOOK_S3_DELETE_BATCH=1}, a real setting for stores
 * with a lower multi-delete limit), not by a hook in the code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountDeletionFaultIT {

    static final int IMAGES = 200;
    static final Duration SETTLE = Duration.ofMinutes(3);
    static final String QUEUE = "scrapbook.test." + TestServices.RUN_ID + ".deletion";

    @TempDir
    static Path dir;

    private EmbeddedS3Server s3;
    private LocalRuntimeProcess app;
    private Ledger ledger;

    @BeforeAll
    void start() throws Exception {
        int s3Port = TestServices.freePort();
        s3 = EmbeddedS3Server.inMemory("127.0.0.1", s3Port, Ledger.S3_KEY, Ledger.S3_SECRET);
        Map<String, String> env = new HashMap<>();
        env.put("SCRAPBOOK_PORT", String.valueOf(TestServices.freePort()));
        env.put("SCRAPBOOK_DATA_DIR", dir.resolve("data").toString());
        env.put("SCRAPBOOK_DB_URL", TestServices.databaseUrl());
        env.put("SCRAPBOOK_EVENTS_EXCHANGE", TestServices.EXCHANGE);
        env.put("SCRAPBOOK_DISPATCHER_QUEUE", QUEUE);
        env.put("SCRAPBOOK_S3_ENDPOINT", "http://127.0.0.1:" + s3Port);
        env.put("SCRAPBOOK_S3_ACCESS_KEY", Ledger.S3_KEY);
        env.put("SCRAPBOOK_S3_SECRET_KEY", Ledger.S3_SECRET);
        env.put("SCRAPBOOK_S3_CREATE_BUCKETS", "true");
        env.put("SCRAPBOOK_S3_DELETE_BATCH", "1");
        // Only the start can finish the deletion here: the reconcile timer would not come within the test.
        env.put("SCRAPBOOK_DISPATCHER_RECONCILE_EVERY", "1h");
        app = new LocalRuntimeProcess(env, dir.resolve("app.log")).start();
        ledger = new Ledger(TestServices.databaseUrl(), "http://127.0.0.1:" + s3Port);
    }

    @AfterAll
    void stop() throws Exception {
        try (AutoCloseable a = app; AutoCloseable s = s3) {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost("127.0.0.1");
            try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
                channel.queueDelete(QUEUE);
                channel.queueDelete(QUEUE + ".dead");
                channel.exchangeDelete(TestServices.EXCHANGE);
            }
        }
    }

    @Test
    void killNineMidDeletionThenRestartFinishesItWithNothingLeft() throws Exception {
        ApiClient ann = new ApiClient(app.base()).newUser();
        ApiClient bob = new ApiClient(app.base()).newUser();
        ann.post("/api/friends/requests", Map.of("username", bob.username()));
        bob.post("/api/friends/requests", Map.of("username", ann.username()));
        String annId = ann.userId();
        String bobId = bob.userId();
        List<String> ids = saveAll(ann);
        ledger.awaitNonePending(SETTLE);
        ann.post("/api/shares", Map.of("imageId", ids.getFirst(), "friendIds", List.of(bobId)));
        assertThat(bob.post("/api/shares/received/" + ids.getFirst() + "/copy", Map.of()).status()).isEqualTo(201);
        int annsObjects = ledger.keysUnder(annId + "/").size();
        assertThat(annsObjects).as("an original and two renditions per image").isEqualTo(3 * IMAGES);

        CompletableFuture<Answer> deleting = CompletableFuture.supplyAsync(
                () -> ann.delete("/api/account", Map.of("password", "correct horse battery")));
        awaitFewerObjectsThan(annId, annsObjects * 5 / 6);
        app.killNine();
        int leftAtKill = ledger.keysUnder(annId + "/").size();
        long rowsAtKill = ledger.count("select count(*) from images where owner_id = '" + annId + "'");
        assertThat(deleting).as("the request died with the runtime").failsWithin(Duration.ofSeconds(30));

        assertThat(leftAtKill).as("the kill came mid-deletion").isBetween(1, annsObjects - 1);
        assertThat(rowsAtKill).as("objects go before rows").isEqualTo(IMAGES);
        app.start();
        assertThat(ann.get("/api/account/me").status()).as("the deleting account's session is refused").isEqualTo(401);
        awaitDeleted(annId);

        assertThat(ledger.keysUnder(annId + "/")).as("no object under the owner in either bucket").isEmpty();
        assertThat(ledger.count("select count(*) from images where owner_id = '" + annId + "'")).isZero();
        assertThat(ledger.keysUnder(bobId + "/")).as("the friend's kept copy, whole").hasSize(3);
        ledger.assertEveryRowWhole();
        assertThat(new ApiClient(app.base()).newUser(ann.username()).userId()).as("the name is free").isNotEqualTo(annId);
        System.out.printf("account deletion killed mid-way: %d images, %d of %d objects left at the kill, 0 after restart%n",
                IMAGES, leftAtKill, annsObjects);
    }

    private static List<String> saveAll(ApiClient user) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> saves = new ArrayList<>();
            for (int i = 0; i < IMAGES; i++) {
                byte[] jpeg = TestJpegs.unique(50_000 + i, 160, 120);
                saves.add(pool.submit(() -> {
                    Answer saved = user.upload("/api/save", jpeg, "image/jpeg");
                    assertThat(saved.status()).isEqualTo(201);
                    return saved.body().path("id").asText();
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> save : saves) {
                ids.add(save.get());
            }
            return ids;
        }
    }

    private void awaitFewerObjectsThan(String owner, int count) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (ledger.keysUnder(owner + "/").size() >= count) {
            assertThat(System.nanoTime()).as("the deletion started").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private void awaitDeleted(String owner) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (ledger.count("select count(*) from users where id = '" + owner + "'") > 0) {
            assertThat(System.nanoTime()).as("the deletion finished after the restart").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}

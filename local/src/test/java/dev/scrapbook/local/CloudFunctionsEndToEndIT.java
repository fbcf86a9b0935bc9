package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.auth.ApiTokens;
import dev.scrapbook.auth.AuthSettings;
import dev.scrapbook.auth.SessionTokens;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.testing.CloudStorageEvents;
import dev.scrapbook.testing.GcfInvoker;
import dev.scrapbook.testing.TestServices;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;

/**
 * The Cloud Functions deployment, here: the four {@code *-gcf.jar} deployables, each run by Google's Functions
 * Framework invoker in a JVM of its own on a loopback port, at once, on this run's PostgreSQL, RabbitMQ and S3
 * server (S3Proxy). Saving stays on Knative, so an image is saved through the app's own path, save-image's HTTP
 * binding (its {@code -exec.jar}, as the Knative service runs it), and becomes a ready thumbnail through the
 * Cloud Functions path: Cloud Storage finalizes the original, Eventarc delivers that event to thumbnail (played
 * here by {@link CloudStorageEvents}, which cites the schema; S3Proxy sends no notifications), and gallery's and
 * share's entries show it. Lives in local/ because only this module sees every function's build.
 */
class CloudFunctionsEndToEndIT {

    private static final Path FUNCTIONS = Path.of("..", "functions");
    private static final Path LOGS = Path.of("target", "gcf-invoker");
    private static final String ORIGINALS = "gcf-originals-" + TestServices.RUN_ID;
    private static final String THUMBNAILS = "gcf-thumbnails-" + TestServices.RUN_ID;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GcfInvoker gallery;
    private static GcfInvoker share;
    private static GcfInvoker saveImage;
    private static GcfInvoker thumbnail;
    private static Process saveApp;
    private static URI saveUri;
    private static JdbcClient db;
    private static MinioClient s3;
    private static SessionTokens sessions;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheDeployables() throws Exception {
        String database = TestServices.databaseUrl();
        Flyway.configure().dataSource(database, "postgres", "").load().migrate();
        db = JdbcClient.create(new DriverManagerDataSource(database, "postgres", ""));
        s3 = MinioClient.builder().endpoint(TestServices.s3().endpoint().toString())
                .credentials(TestServices.S3_KEY, TestServices.S3_SECRET).build();
        for (String bucket : List.of(ORIGINALS, THUMBNAILS)) {
            if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        }
        sessions = new SessionTokens(new AuthSettings(TestServices.AUTH_SECRET, Duration.ofDays(1)), Clock.systemUTC());

        Map<String, String> env = settings();
        Path invoker = LOGS.resolve("java-function-invoker.jar");
        Instant launched = Instant.now();
        int savePort = TestServices.freePort();
        saveApp = startSaveApp(env, savePort);
        gallery = GcfInvoker.start(invoker, FUNCTIONS.resolve("gallery/target"), env, LOGS.resolve("gallery.log"));
        share = GcfInvoker.start(invoker, FUNCTIONS.resolve("share/target"), env, LOGS.resolve("share.log"));
        saveImage = GcfInvoker.start(invoker, FUNCTIONS.resolve("save-image/target"), env, LOGS.resolve("save-image.log"));
        thumbnail = GcfInvoker.start(invoker, FUNCTIONS.resolve("thumbnail/target"), env, LOGS.resolve("thumbnail.log"));
        for (GcfInvoker function : List.of(gallery, share, saveImage, thumbnail)) {
            function.awaitListening();
        }
        saveUri = URI.create("http://127.0.0.1:" + savePort);
        GcfInvoker.awaitListening(saveApp, saveUri, LOGS.resolve("save-image-app.log"));
        System.out.printf("CloudFunctionsEndToEndIT: four invokers and save-image listening %d s after launch (load %s)%n",
                Duration.between(launched, Instant.now()).toSeconds(), Files.readString(Path.of("/proc/loadavg")).strip());
    }

    @AfterAll
    static void stopTheDeployables() throws InterruptedException {
        for (GcfInvoker function : new GcfInvoker[] {gallery, share, saveImage, thumbnail}) {
            if (function != null) {
                function.close();
            }
        }
        if (saveApp != null) {
            saveApp.destroy();
            saveApp.waitFor();
        }
    }

    @Test
    void anImageSavedThroughTheAppBecomesAReadyThumbnailThroughCloudFunctions() throws Exception {
        UUID owner = TestServices.insertUser(db);
        String title = "Schnee im Yukiguni 雪国 – été";
        UUID id = save(owner, TestJpegs.unique(11, 1200, 900), title);
        assertThat(itemOf(list(owner, "{}"), id).path("status").asText()).isEqualTo("pending");

        HttpResponse<String> made = deliverFinalized(owner, id);

        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        assertThat(made.body()).contains("\"made\"");
        JsonNode page = list(owner, "{\"limit\": 10}");
        OpenApiContract.assertMatches("ImagePage", page);
        JsonNode ready = itemOf(page, id);
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        assertThat(ready.path("pageTitle").asText()).as("UTF-8 all the way through the invoker").isEqualTo(title);
        assertThat(ImageIO.read(new ByteArrayInputStream(download(ready.path("thumbnailUrl").asText()))).getWidth())
                .isEqualTo(400);

        String token = link(id);
        HttpResponse<String> opened = post(share.uri(), null, "{\"token\": \"" + token + "\"}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        JsonNode picture = JSON.readTree(opened.body());
        assertThat(picture.path("status").asText()).isEqualTo("ready");
        assertThat(picture.path("pageTitle").asText()).isEqualTo(title);
        assertThat(ImageIO.read(new ByteArrayInputStream(download(picture.path("previewUrl").asText())))).isNotNull();
        HttpResponse<String> unknown = post(share.uri(), null, "{\"token\": \"" + "A".repeat(43) + "\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> type.startsWith("application/problem+json"));
    }

    /** Gallery's owner is the bearer's: another person's images never show, whatever the body says. */
    @Test
    void galleryListsTheBearersImagesOnly() throws Exception {
        UUID owner = TestServices.insertUser(db);
        UUID other = TestServices.insertUser(db);
        UUID mine = save(owner, TestJpegs.unique(12, 320, 240), null);
        save(other, TestJpegs.unique(13, 320, 240), null);

        JsonNode page = list(owner, "{\"ownerId\": \"" + other + "\", \"limit\": 10}");

        assertThat(page.path("items")).extracting(item -> item.path("id").asText()).containsExactly(mine.toString());
        assertThat(post(gallery.uri(), null, "{}").statusCode()).isEqualTo(401);
    }

    /**
     * An image whose storage event never made it (expired in Eventarc's retries) stays pending; Cloud Scheduler's
     * call to save-image's entry writes its original again, and the event of that new generation makes it. The
     * peer's rule: object-finalized "is sent when a new object is created (or an existing object is overwritten,
     * and a new generation of that object is created)" (cloud.google.com/functions/docs/calling/storage); the test
     * checks the overwrite happened and plays the event Eventarc then delivers.
     */
    @Test
    void reconcileWritesAStuckOriginalAgainSoThatItsStorageEventComesAgain() throws Exception {
        UUID owner = TestServices.insertUser(db);
        UUID id = save(owner, TestJpegs.unique(14, 640, 480), null);
        db.sql("update images set saved_at = now() - interval '1 hour' where id = ?").param(id).update();
        Instant firstWrite = original(owner, id).lastModified().toInstant();
        Thread.sleep(1100); // S3 dates are whole seconds: the rewrite must fall in a later one to be seen.

        HttpResponse<String> reconciled = post(saveImage.uri(), null, "");

        assertThat(reconciled.statusCode()).as(reconciled.body()).isEqualTo(200);
        assertThat(JSON.readTree(reconciled.body()).path("rewritten").asInt()).isPositive();
        assertThat(original(owner, id).lastModified().toInstant()).isAfter(firstWrite);
        assertThat(deliverFinalized(owner, id).body()).contains("\"made\"");
        assertThat(itemOf(list(owner, "{}"), id).path("status").asText()).isEqualTo("ready");
    }

    /** The app's path: POST /api/save with the bytes, as the extension uploads them. */
    private UUID save(UUID owner, byte[] jpeg, String title) throws Exception {
        String query = title == null ? "" : "?pageTitle=" + URLEncoder.encode(title, StandardCharsets.UTF_8);
        HttpResponse<String> saved = http.send(HttpRequest.newBuilder(saveUri.resolve("/api/save" + query))
                .header("Authorization", "Bearer " + token(owner)).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        return UUID.fromString(JSON.readTree(saved.body()).path("id").asText());
    }

    /** Eventarc's delivery for the original as the bucket now holds it (its size, type and time of writing). */
    private HttpResponse<String> deliverFinalized(UUID owner, UUID id) throws Exception {
        StatObjectResponse object = original(owner, id);
        return http.send(CloudStorageEvents.objectFinalized(thumbnail.uri(), ORIGINALS, object.object(), object.size(),
                object.contentType(), object.lastModified().toInstant()), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode list(UUID owner, String body) throws Exception {
        HttpResponse<String> answer = post(gallery.uri(), token(owner), body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static JsonNode itemOf(JsonNode page, UUID id) {
        for (JsonNode item : page.path("items")) {
            if (item.path("id").asText().equals(id.toString())) {
                return item;
            }
        }
        throw new AssertionError("image " + id + " is not in " + page);
    }

    private HttpResponse<String> post(URI function, String bearer, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(function).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private byte[] download(String url) throws IOException, InterruptedException {
        assertThat(URI.create(url).getHost()).isEqualTo("127.0.0.1");
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.body();
    }

    private static StatObjectResponse original(UUID owner, UUID id) throws Exception {
        return s3.statObject(StatObjectArgs.builder().bucket(ORIGINALS).object(StorageKeys.original(owner, id)).build());
    }

    /** A public link as share's HTTP binding creates one: only the token's hash is stored. */
    private static String link(UUID image) {
        String token = UUID.randomUUID().toString().replace("-", "") + "abcdefghijk";
        db.sql("insert into share_links (image_id, token_hash, include_original) values (?, ?, false)")
                .params(image, ApiTokens.hash(token)).update();
        return token;
    }

    private static String token(UUID user) {
        return sessions.issue(new SessionTokens.Session(user, UUID.randomUUID(), Instant.now().plus(1, ChronoUnit.HOURS)));
    }

    /** What deploy.sh gcf puts in every function's environment, pointed at this run's services. */
    private static Map<String, String> settings() {
        Map<String, String> env = new HashMap<>();
        env.put("SCRAPBOOK_DB_URL", TestServices.databaseUrl());
        env.put("SCRAPBOOK_DB_MIGRATE", "false");
        env.put("SCRAPBOOK_AUTH_SECRET", TestServices.AUTH_SECRET);
        env.put("SCRAPBOOK_EVENTS_EXCHANGE", TestServices.EXCHANGE);
        env.put("SCRAPBOOK_S3_ENDPOINT", TestServices.s3().endpoint().toString());
        env.put("SCRAPBOOK_S3_ACCESS_KEY", TestServices.S3_KEY);
        env.put("SCRAPBOOK_S3_SECRET_KEY", TestServices.S3_SECRET);
        env.put("SCRAPBOOK_S3_ORIGINALS_BUCKET", ORIGINALS);
        env.put("SCRAPBOOK_S3_THUMBNAILS_BUCKET", THUMBNAILS);
        return env;
    }

    /** save-image's Knative deployable, the runnable jar its image is made from. */
    private static Process startSaveApp(Map<String, String> env, int port) throws IOException {
        Path jar;
        try (DirectoryStream<Path> found = Files.newDirectoryStream(FUNCTIONS.resolve("save-image/target"), "save-image-*-exec.jar")) {
            jar = found.iterator().next();
        }
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString());
        command.environment().putAll(env);
        command.environment().put("SCRAPBOOK_PORT", String.valueOf(port));
        Files.createDirectories(LOGS);
        command.redirectErrorStream(true).redirectOutput(LOGS.resolve("save-image-app.log").toFile());
        return command.start();
    }
}

package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.scrapbook.local.ApiClient.Answer;
import dev.scrapbook.testing.ImageBytes;

/**
 * {@code GET /api/account/export} and {@code POST /api/account/import} on the real services: every original comes
 * out byte for byte with its metadata, and goes back into another account with its provenance, title, note, saved
 * time and boards; repeated imports add nothing; each bad entry is reported and changes nothing else.
 */
class ExportImportTest extends LocalRuntimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Ann's scrapbook: four images (two uploaded under one name, one without a title, named in the archive by its
     * URL), a note, a board in a chosen order, a share.
     */
    private record Scrapbook(ApiClient ann, ApiClient bob, Map<String, byte[]> bytesById, List<String> boardOrder) {
    }

    private Scrapbook scrapbook() {
        ApiClient ann = api().newUser();
        ApiClient bob = befriend(ann, api().newUser());
        Map<String, byte[]> bytesById = new LinkedHashMap<>();
        byte[] bird = TestJpegs.small();
        String birdId = saved(ann.upload("/api/save?filename=IMG_1.jpg&sourceUrl=https://example.org/a/IMG_1.jpg"
                + "&pageUrl=https://example.org/a&pageTitle=Page%20A&alt=A%20bird", bird, "image/jpeg"));
        bytesById.put(birdId, bird);
        byte[] sunset = png(40, 30);
        String sunsetId = saved(ann.upload("/api/save?title=Sunset", sunset, "image/png"));
        bytesById.put(sunsetId, sunset);
        byte[] otherBird = TestJpegs.small();
        String otherBirdId = saved(ann.upload("/api/save?filename=IMG_1.jpg", otherBird, "image/jpeg"));
        bytesById.put(otherBirdId, otherBird);
        byte[] kite = TestJpegs.small();
        String kiteId = saved(ann.upload("/api/save?sourceUrl=https://example.org/b/kite.jpg%3Fw%3D800", kite, "image/jpeg"));
        bytesById.put(kiteId, kite);
        assertThat(SearchTest.patch(ann, birdId, "{\"note\": \"seen at the dunes\"}").status()).isEqualTo(200);
        String board = ann.post("/api/boards", Map.of("name", "Birds", "description", "Both of them")).body().path("id").asText();
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(otherBirdId)));
        ann.post("/api/boards/" + board + "/images", Map.of("imageIds", List.of(birdId)));
        assertThat(ann.post("/api/shares", Map.of("imageId", sunsetId, "friendIds", List.of(bob.userId()))).status())
                .isIn(200, 201);
        return new Scrapbook(ann, bob, bytesById, List.of(otherBirdId, birdId));
    }

    @Test
    void exportHoldsEveryOriginalByteForByteAndTheManifestFirst() throws Exception {
        Scrapbook book = scrapbook();
        Answer export = book.ann().get("/api/account/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).isEqualTo("application/zip");
        assertThat(export.raw().headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment").contains("scrapbook-" + book.ann().username());
        long total = book.bytesById().values().stream().mapToLong(b -> b.length).sum();
        assertThat(export.raw().headers().firstValue("Scrapbook-Export-Bytes")).contains(Long.toString(total));
        assertThat(export.raw().headers().firstValue("Scrapbook-Export-Images")).contains("4");

        Map<String, byte[]> entries = Zips.entries(export.raw().body());
        assertThat(entries.keySet()).containsExactly("scrapbook.json", "images/IMG_1.jpg", "images/Sunset.png",
                "images/IMG_1 (2).jpg", "images/kite.jpg");
        JsonNode manifest = JSON.readTree(entries.get("scrapbook.json"));
        assertThat(manifest.path("format").asText()).isEqualTo("scrapbook-export");
        assertThat(manifest.path("version").asInt()).isEqualTo(1);
        assertThat(manifest.path("username").asText()).isEqualTo(book.ann().username());
        Map<String, JsonNode> bySha = new HashMap<>();
        manifest.path("images").forEach(image -> bySha.put(image.path("sha256").asText(), image));
        assertThat(bySha).hasSize(4);
        for (Map.Entry<String, byte[]> original : book.bytesById().entrySet()) {
            JsonNode meta = bySha.get(Zips.sha256(original.getValue()));
            assertThat(meta).as("manifest entry of " + original.getKey()).isNotNull();
            assertThat(Zips.sha256(entries.get(meta.path("file").asText()))).as("the file is the original, byte for byte")
                    .isEqualTo(Zips.sha256(original.getValue()));
            JsonNode image = book.ann().get("/api/images/" + original.getKey()).body();
            for (String field : List.of("title", "note", "sourceUrl", "pageUrl", "pageTitle", "alt", "savedAt", "format")) {
                assertThat(meta.path(field)).as(field).isEqualTo(image.path(field));
            }
            assertThat(meta.path("bytes").asLong()).isEqualTo(original.getValue().length);
        }
        JsonNode bird = bySha.get(Zips.sha256(book.bytesById().get(book.boardOrder().get(1))));
        assertThat(bird.path("note").asText()).isEqualTo("seen at the dunes");
        assertThat(bird.path("pageTitle").asText()).isEqualTo("Page A");
        JsonNode sunset = bySha.values().stream().filter(m -> m.path("title").asText().equals("Sunset")).findFirst().orElseThrow();
        assertThat(sunset.path("sharedWith")).containsExactly(JSON.getNodeFactory().textNode(book.bob().username()));
        JsonNode board = manifest.path("boards").get(0);
        assertThat(board.path("name").asText()).isEqualTo("Birds");
        assertThat(board.path("description").asText()).isEqualTo("Both of them");
        assertThat(board.path("images")).extracting(JsonNode::asText).containsExactly(
                book.boardOrder().stream().map(id -> Zips.sha256(book.bytesById().get(id))).toArray(String[]::new));
    }

    /** Two exports that the client does not read hold their places; a third is 429 until one of them ends. */
    @Test
    void aThirdExportAtOnceIsRefusedUntilOneEnds() throws Exception {
        ApiClient user = api().newUser();
        for (java.nio.file.Path photo : photos()) {
            saved(user.upload("/api/save", java.nio.file.Files.readAllBytes(photo), "image/jpeg"));
        }
        try (java.net.Socket first = unreadExport(user); java.net.Socket second = unreadExport(user)) {
            Answer third = user.get("/api/account/export");
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.type()).endsWith("/too-many-requests");
            OpenApiContract.assertMatches("Problem", third.body());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Answer after;
        do {
            after = user.get("/api/account/export");
        } while (after.status() == 429 && System.nanoTime() < deadline);
        assertThat(after.status()).as("the places are given back when a client goes away").isEqualTo(200);
    }

    /** Starts an export on a raw connection and reads only its status line: the server blocks once the socket is full. */
    private java.net.Socket unreadExport(ApiClient user) throws IOException {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", port);
        socket.setReceiveBufferSize(64 * 1024);
        socket.getOutputStream().write(("GET /api/account/export HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + user.token() + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        StringBuilder status = new StringBuilder();
        for (int b; (b = socket.getInputStream().read()) != '\n' && b >= 0;) {
            status.append((char) b);
        }
        assertThat(status.toString()).startsWith("HTTP/1.1 200");
        return socket;
    }

    @Test
    void importIntoAnotherAccountGivesEverythingBackAndAgainAddsNothing() throws Exception {
        Scrapbook book = scrapbook();
        byte[] archive = book.ann().get("/api/account/export").raw().body();
        ApiClient carl = api().newUser();

        JsonNode report = imported(carl, archive);
        assertThat(report.path("imported").asInt()).isEqualTo(4);
        assertThat(report.path("alreadyHad").asInt()).isZero();
        assertThat(report.path("boards").asInt()).isEqualTo(1);
        assertThat(report.path("refused")).isEmpty();

        Map<String, JsonNode> carlsBySha = imagesBySha(carl);
        assertThat(carlsBySha).hasSize(4);
        for (Map.Entry<String, byte[]> original : book.bytesById().entrySet()) {
            JsonNode theirs = book.ann().get("/api/images/" + original.getKey()).body();
            JsonNode mine = carlsBySha.get(Zips.sha256(original.getValue()));
            assertThat(mine).as("carl has " + original.getKey()).isNotNull();
            for (String field : List.of("title", "note", "sourceUrl", "pageUrl", "pageTitle", "alt", "savedAt", "format",
                    "width", "height", "bytes")) {
                assertThat(mine.path(field)).as(field).isEqualTo(theirs.path(field));
            }
            assertThat(awaitSettled(carl, mine.path("id").asText(), Duration.ofSeconds(60)).path("status").asText())
                    .as("thumbnails through the event path").isEqualTo("ready");
        }
        JsonNode boards = carl.get("/api/boards").body().path("items");
        assertThat(boards).hasSize(1);
        assertThat(boards.get(0).path("name").asText()).isEqualTo("Birds");
        assertThat(boards.get(0).path("description").asText()).isEqualTo("Both of them");
        List<String> order = boardOrder(carl, boards.get(0).path("id").asText(), carlsBySha);
        assertThat(order).containsExactly(book.boardOrder().stream().map(id -> Zips.sha256(book.bytesById().get(id)))
                .toArray(String[]::new));

        JsonNode again = imported(carl, archive);
        assertThat(again.path("imported").asInt()).isZero();
        assertThat(again.path("alreadyHad").asInt()).isEqualTo(4);
        assertThat(imagesBySha(carl)).hasSize(4);
        assertThat(carl.get("/api/boards").body().path("items")).as("no second board").hasSize(1);
        assertThat(boardOrder(carl, boards.get(0).path("id").asText(), carlsBySha)).as("no image twice").hasSize(2);

        JsonNode intoItself = imported(book.ann(), archive);
        assertThat(intoItself.path("imported").asInt()).isZero();
        assertThat(intoItself.path("alreadyHad").asInt()).isEqualTo(4);
        assertThat(book.ann().get("/api/boards").body().path("items")).hasSize(1);
    }

    @Test
    void importsAZipOfPlainImagesUnderTheirFileNames() {
        ApiClient user = api().newUser();
        byte[] beach = TestJpegs.small();
        byte[] cat = png(20, 20);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("holiday/", new byte[0]);
        entries.put("holiday/beach.jpg", beach);
        entries.put("cat.png", cat);
        JsonNode report = imported(user, Zips.zip(entries));
        assertThat(report.path("imported").asInt()).isEqualTo(2);
        assertThat(report.path("refused")).isEmpty();
        Map<String, JsonNode> mine = imagesBySha(user);
        assertThat(mine.get(Zips.sha256(beach)).path("title").asText()).isEqualTo("beach.jpg");
        assertThat(mine.get(Zips.sha256(cat)).path("title").asText()).isEqualTo("cat.png");
        assertThat(mine.get(Zips.sha256(cat)).path("sourceUrl").isNull()).isTrue();
    }

    @Test
    void reportsEachBadEntryAndImportsTheRest() {
        ApiClient user = api().newUser();
        byte[] had = TestJpegs.small();
        saved(user.upload("/api/save?filename=had.jpg", had, "image/jpeg"));
        byte[] good = TestJpegs.small();
        byte[] incompressible = new byte[26 * 1024 * 1024];
        new Random(7).nextBytes(incompressible);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("../escape.jpg", TestJpegs.small());
        entries.put("/etc/absolute.jpg", TestJpegs.small());
        entries.put("C:\\Windows\\drive.jpg", TestJpegs.small());
        entries.put("photos/../../up.jpg", TestJpegs.small());
        entries.put("readme.txt", "not a picture".getBytes());
        entries.put("page.html", "<html><script>alert(1)</script></html>".getBytes());
        entries.put("bomb.png", ImageBytes.decompressionBombPng(60_000, 60_000));
        entries.put("huge.jpg", incompressible);
        entries.put("copy-of-had.jpg", had);
        entries.put("good.jpg", good);
        JsonNode report = imported(user, Zips.zip(entries));

        assertThat(report.path("imported").asInt()).isEqualTo(1);
        assertThat(report.path("alreadyHad").asInt()).isEqualTo(1);
        Map<String, String> refused = new LinkedHashMap<>();
        report.path("refused").forEach(r -> refused.put(r.path("entry").asText(), r.path("type").asText()));
        assertThat(refused).containsExactly(
                Map.entry("../escape.jpg", "unsafe-path"),
                Map.entry("/etc/absolute.jpg", "unsafe-path"),
                Map.entry("C:\\Windows\\drive.jpg", "unsafe-path"),
                Map.entry("photos/../../up.jpg", "unsafe-path"),
                Map.entry("readme.txt", "unsupported-media-type"),
                Map.entry("page.html", "unsupported-media-type"),
                Map.entry("bomb.png", "too-many-pixels"),
                Map.entry("huge.jpg", "too-large"));
        assertThat(imagesBySha(user)).as("only what was had and the good one").containsOnlyKeys(Zips.sha256(had), Zips.sha256(good));
    }

    /** An export unzipped and zipped again by a tool: scrapbook.json after the images. */
    @Test
    void aManifestAfterTheImagesStillGivesThemTheirMetadata() throws Exception {
        Scrapbook book = scrapbook();
        Map<String, byte[]> entries = Zips.entries(book.ann().get("/api/account/export").raw().body());
        Map<String, byte[]> rezipped = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> {
            if (!name.equals("scrapbook.json")) {
                rezipped.put(name, bytes);
            }
        });
        rezipped.put("scrapbook.json", entries.get("scrapbook.json"));
        ApiClient dora = api().newUser();
        JsonNode report = imported(dora, Zips.zip(rezipped));
        assertThat(report.path("imported").asInt()).isEqualTo(4);
        assertThat(report.path("refused")).isEmpty();
        Map<String, JsonNode> mine = imagesBySha(dora);
        for (Map.Entry<String, byte[]> original : book.bytesById().entrySet()) {
            JsonNode theirs = book.ann().get("/api/images/" + original.getKey()).body();
            for (String field : List.of("title", "note", "sourceUrl", "pageUrl", "pageTitle", "alt", "savedAt")) {
                assertThat(mine.get(Zips.sha256(original.getValue())).path(field)).as(field).isEqualTo(theirs.path(field));
            }
        }
        assertThat(dora.get("/api/boards").body().path("items")).hasSize(1);
    }

    @Test
    void aManifestThatCantBeUsedIsReportedAndTheImagesComeInAsPlainFiles() {
        ApiClient user = api().newUser();
        byte[] first = TestJpegs.small();
        byte[] second = TestJpegs.small();
        Map<String, byte[]> broken = new LinkedHashMap<>();
        broken.put("scrapbook.json", "{\"format\": \"scrapbook-export\", \"images\": [".getBytes());
        broken.put("images/first.jpg", first);
        JsonNode report = imported(user, Zips.zip(broken));
        assertThat(report.path("imported").asInt()).isEqualTo(1);
        assertThat(report.path("refused").get(0).path("entry").asText()).isEqualTo("scrapbook.json");
        assertThat(report.path("refused").get(0).path("type").asText()).isEqualTo("bad-manifest");

        Map<String, byte[]> later = new LinkedHashMap<>();
        later.put("scrapbook.json", "{\"format\": \"scrapbook-export\", \"version\": 2, \"images\": []}".getBytes());
        later.put("images/second.jpg", second);
        JsonNode fromTheFuture = imported(user, Zips.zip(later));
        assertThat(fromTheFuture.path("refused").get(0).path("detail").asText()).contains("version 2");
        Map<String, JsonNode> mine = imagesBySha(user);
        assertThat(mine.get(Zips.sha256(first)).path("title").asText()).isEqualTo("first.jpg");
        assertThat(mine.get(Zips.sha256(second)).path("title").asText()).isEqualTo("second.jpg");
    }

    @Test
    void stopsAtAZipBombAndKeepsWhatCameBefore() throws IOException {
        ApiClient user = api().newUser();
        byte[] first = TestJpegs.small();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("first.jpg"));
            zip.write(first);
            zip.putNextEntry(new ZipEntry("bomb.jpg"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 512; i++) {
                zip.write(zeros);
            }
            zip.putNextEntry(new ZipEntry("after.jpg"));
            zip.write(TestJpegs.small());
        }
        assertThat(out.size()).as("half a gigabyte of zeros, deflated").isLessThan(1024 * 1024);
        JsonNode report = imported(user, out.toByteArray());
        assertThat(report.path("imported").asInt()).isEqualTo(1);
        assertThat(report.path("refused")).hasSize(1);
        assertThat(report.path("refused").get(0).path("entry").asText()).isEqualTo("bomb.jpg");
        assertThat(report.path("refused").get(0).path("type").asText()).isEqualTo("zip-bomb");
        assertThat(imagesBySha(user)).containsOnlyKeys(Zips.sha256(first));

        ByteArrayOutputStream manifestBomb = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(manifestBomb)) {
            zip.putNextEntry(new ZipEntry("scrapbook.json"));
            zip.write("{\"format\": \"scrapbook-export\", \"version\": 1, \"images\": [], \"x\": \"".getBytes());
            byte[] spaces = new byte[1024 * 1024];
            java.util.Arrays.fill(spaces, (byte) 'a');
            for (int i = 0; i < 64; i++) {
                zip.write(spaces);
            }
        }
        JsonNode bombed = imported(user, manifestBomb.toByteArray());
        assertThat(bombed.path("refused").get(0).path("type").asText()).isEqualTo("zip-bomb");
    }

    @Test
    void aBombInAnEntryRefusedByNameOrInADirectoryEntryIsStoppedToo() throws IOException {
        ApiClient user = api().newUser();
        for (String hiding : List.of("../bomb.jpg", "folder/")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                // Unread by the import, such an entry would be inflated unchecked on the way to the next one.
                zip.putNextEntry(new ZipEntry(hiding));
                byte[] zeros = new byte[1024 * 1024];
                for (int i = 0; i < 512; i++) {
                    zip.write(zeros);
                }
                zip.putNextEntry(new ZipEntry("after.jpg"));
                zip.write(TestJpegs.small());
            }
            JsonNode report = imported(user, out.toByteArray());
            assertThat(report.path("refused").findValuesAsText("type")).as(hiding).contains("zip-bomb");
            assertThat(report.path("imported").asInt()).as("the archive was read no further than " + hiding).isZero();
        }
        assertThat(imagesBySha(user)).isEmpty();
    }

    @Test
    void refusesWhatIsNoZipAndAnyoneWithoutAnAccount() {
        ApiClient user = api().newUser();
        Answer notZip = user.upload("/api/account/import", "just text".getBytes(), "application/zip");
        assertThat(notZip.status()).isEqualTo(400);
        OpenApiContract.assertMatches("Problem", notZip.body());
        Answer plainText = user.upload("/api/account/import", Zips.zip(Map.of("a.jpg", TestJpegs.small())), "text/plain");
        assertThat(plainText.status()).isEqualTo(415);
        assertThat(api().upload("/api/account/import", Zips.zip(Map.of("a.jpg", TestJpegs.small())), "application/zip").status())
                .isEqualTo(401);
        assertThat(api().get("/api/account/export").status()).isEqualTo(401);
        assertThat(imagesBySha(user)).isEmpty();
    }

    /** A PNG unlike any other: a JPEG of this run's, decoded and written again as PNG. */
    static byte[] png(int width, int height) {
        try {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    TestJpegs.unique(new Random().nextInt(), width, height)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode imported(ApiClient user, byte[] zip) {
        Answer answer = user.upload("/api/account/import", zip, "application/zip");
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
        OpenApiContract.assertMatches("ImportReport", answer.body());
        return answer.body();
    }

    private static String saved(Answer answer) {
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(201);
        return answer.body().path("id").asText();
    }

    /** The user's images by the SHA-256 of their originals as downloaded. */
    static Map<String, JsonNode> imagesBySha(ApiClient user) {
        Map<String, JsonNode> bySha = new HashMap<>();
        for (JsonNode image : user.get("/api/images?limit=100").body().path("items")) {
            bySha.put(Zips.sha256(user.download(image.path("originalUrl").asText())), image);
        }
        return bySha;
    }

    private static List<String> boardOrder(ApiClient user, String boardId, Map<String, JsonNode> bySha) {
        Map<String, String> shaById = new HashMap<>();
        bySha.forEach((sha, image) -> shaById.put(image.path("id").asText(), sha));
        List<String> order = new ArrayList<>();
        user.get("/api/boards/" + boardId + "/images").body().path("items")
                .forEach(entry -> order.add(shaById.get(entry.path("image").path("id").asText())));
        return order;
    }
}

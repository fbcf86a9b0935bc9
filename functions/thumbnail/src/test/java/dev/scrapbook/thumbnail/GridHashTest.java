package dev.scrapbook.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.scrapbook.events.ImageSavedEvent;
import dev.scrapbook.images.Image;
import dev.scrapbook.images.Image.NewImage;
import dev.scrapbook.images.ImageRepository;
import dev.scrapbook.similar.PictureHash;
import dev.scrapbook.similar.ImageHashes;
import dev.scrapbook.storage.ObjectStore;
import dev.scrapbook.storage.StorageKeys;
import dev.scrapbook.storage.StorageSettings;
import dev.scrapbook.testing.TestServices;
import dev.scrapbook.thumbnail.engine.ThumbnailEngine;
import io.cloudevents.CloudEvent;

/**
 * The picture hash the thumbnail function stores: that of the grid thumbnail it stored, near for the same photograph
 * re-encoded, resized or in another format, far for another photograph; and the links between an owner's images of
 * one picture, whichever thumbnail is made first. The full precision measurement is bench/similar/run.sh.
 */
@SpringBootTest(classes = ThumbnailApplication.class)
class GridHashTest {

    private static final Path PHOTOS = Path.of("..", "..", "target", "photos");

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
    }

    @Autowired
    FunctionCatalog catalog;
    @Autowired
    ImageRepository images;
    @Autowired
    ObjectStore store;
    @Autowired
    StorageSettings buckets;
    @Autowired
    ThumbnailEngine engine;
    @Autowired
    JdbcClient db;

    @Test
    void findsReEncodingsResizesAndOtherFormatsButNotAnotherPhotograph() throws Exception {
        List<Path> photos = photos();
        for (Path photo : photos.subList(0, 2)) {
            BufferedImage picture = ImageIO.read(photo.toFile());
            PictureHash original = gridHash(Files.readAllBytes(photo));
            assertThat(samePicture(original, gridHash(jpeg(picture, 0.5f)))).as("%s at quality 50", photo).isTrue();
            assertThat(samePicture(original, gridHash(jpeg(scaled(picture, 0.25), 0.85f)))).as("%s at 25 %%", photo).isTrue();
            assertThat(samePicture(original, gridHash(png(scaled(picture, 0.5))))).as("%s as PNG", photo).isTrue();
        }
        for (int a = 0; a < photos.size(); a++) {
            for (int b = a + 1; b < photos.size(); b++) {
                PictureHash one = gridHash(Files.readAllBytes(photos.get(a)));
                PictureHash other = gridHash(Files.readAllBytes(photos.get(b)));
                assertThat(one.distance(other)).as("%s against %s", photos.get(a), photos.get(b))
                        .isGreaterThan(ImageHashes.MAX_DISTANCE);
                assertThat(samePicture(one, other)).isFalse();
            }
        }
    }

    @Test
    void storesTheStoredGridsHashAndLinksThePictureWhicheverThumbnailComesFirst() throws Exception {
        UUID owner = TestServices.insertUser(db);
        BufferedImage picture = ImageIO.read(photos().get(0).toFile());
        UUID first = pending(owner, Files.readAllBytes(photos().get(0)));
        UUID larger = pending(owner, png(scaled(picture, 0.5)));
        UUID other = pending(owner, Files.readAllBytes(photos().get(1)));
        UUID strangers = pending(TestServices.insertUser(db), Files.readAllBytes(photos().get(0)));

        for (UUID id : List.of(larger, strangers, first, other)) {
            assertThat(thumbnail().apply(ImageSavedEvent.of(id)).outcome()).isEqualTo(Outcome.Kind.made);
        }

        Image made = images.findById(first).orElseThrow();
        byte[] grid = store.get(buckets.thumbnailsBucket(), StorageKeys.grid(owner, first, made.thumbnail().format()));
        assertThat(stored(first)).isEqualTo(PictureHash.of(grid).orElseThrow());
        assertThat(images.findById(larger).orElseThrow().similarTo()).as("the later copy names the earlier").isEqualTo(first);
        assertThat(made.similarTo()).as("the earlier names nothing").isNull();
        assertThat(images.findById(other).orElseThrow().similarTo()).isNull();
        assertThat(images.findById(strangers).orElseThrow().similarTo()).as("another owner's picture").isNull();

        images.delete(owner, first);
        assertThat(images.findById(larger).orElseThrow().similarTo()).isNull();
    }

    private Function<CloudEvent, Outcome> thumbnail() {
        return catalog.lookup("thumbnail");
    }

    private UUID pending(UUID owner, byte[] bytes) {
        UUID id = UUID.randomUUID();
        store.put(buckets.originalsBucket(), StorageKeys.original(owner, id), bytes, "image/jpeg");
        images.insert(id, new NewImage(owner, UUID.randomUUID().toString().getBytes(), "jpeg", 1, 1, bytes.length,
                null, null, null, null));
        return id;
    }

    private PictureHash stored(UUID id) {
        return db.sql("select phash, pcolor from images where id = ?").param(id)
                .query((rs, n) -> new PictureHash(rs.getLong("phash"), rs.getInt("pcolor"))).single();
    }

    private PictureHash gridHash(byte[] original) throws Exception {
        return PictureHash.of(engine.render(original, List.of(Thumbnailer.GRID)).getFirst().bytes()).orElseThrow();
    }

    private static boolean samePicture(PictureHash a, PictureHash b) {
        return a.distance(b) <= ImageHashes.MAX_DISTANCE && a.colorStep(b) <= ImageHashes.MAX_COLOR_STEP;
    }

    private static List<Path> photos() throws IOException {
        try (Stream<Path> files = Files.list(PHOTOS)) {
            List<Path> photos = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
            assertThat(photos).as("sample photographs: scripts/fetch-photos.sh target/photos").hasSizeGreaterThanOrEqualTo(3);
            return photos;
        }
    }

    private static BufferedImage scaled(BufferedImage image, double factor) {
        int width = (int) Math.round(image.getWidth() * factor);
        int height = (int) Math.round(image.getHeight() * factor);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

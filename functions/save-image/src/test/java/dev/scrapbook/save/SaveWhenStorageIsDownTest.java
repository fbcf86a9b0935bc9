package dev.scrapbook.save;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.scrapbook.save.ImageSaver.Provenance;
import dev.scrapbook.testing.TestServices;
import dev.scrapbook.web.ApiProblem;

/** With the S3 store unreachable a save is a 503 and leaves no row, and no original recorded in flight, behind. */
@SpringBootTest(classes = SaveImageApplication.class)
class SaveWhenStorageIsDownTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.register(registry);
        int nobodyListens = TestServices.freePort();
        registry.add("scrapbook.s3.endpoint", () -> "http://127.0.0.1:" + nobodyListens);
        registry.add("scrapbook.s3.create-buckets", () -> "false");
    }

    @Autowired
    SaveImageFunction saveImage;
    @Autowired
    JdbcClient db;

    @Test
    void answers503AndWritesNoRow() throws IOException {
        UUID owner = TestServices.insertUser(db);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png);

        ApiProblem problem = catchThrowableOfType(ApiProblem.class, () -> saveImage.apply(
                new SaveImageFunction.Request(owner, null, png.toByteArray(), new Provenance(null, null, null, null))));

        assertThat(problem.status().value()).isEqualTo(503);
        assertThat(db.sql("select count(*) from images where owner_id = ?").param(owner).query(Long.class).single())
                .isZero();
        assertThat(db.sql("select count(*) from originals_in_flight where object_key like ?").param(owner + "/%")
                .query(Long.class).single()).as("nothing left in flight").isZero();
    }
}

package dev.scrapbook.boards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import dev.scrapbook.testing.TestServices;

/**
 * V8 (boards) applied to a database that already holds accounts, images, friendships, shares and links made
 * under V4, on the machine's real PostgreSQL, in a database of this test's own: the rows stay as they were,
 * and boards can be built on the images that were there.
 */
class BoardsMigrationTest {

    private static final String PG = System.getProperty("scrapbook.test.pg", "jdbc:postgresql://127.0.0.1:5432/");
    private final String database = "scrapbook_migration_" + TestServices.RUN_ID + "_" + UUID.randomUUID().toString().substring(0, 6);
    private SimpleDriverDataSource dataSource;
    private JdbcClient db;

    @BeforeEach
    void createDatabase() throws Exception {
        admin("create database " + database);
        dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), PG + database, "postgres", "");
        db = JdbcClient.create(dataSource);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        admin("drop database if exists " + database + " with (force)");
    }

    @Test
    void boardsArriveOnADatabaseWithImagesAndEverythingThereStays() {
        flyway("4").migrate();
        UUID ann = user("ann");
        UUID bob = user("bob");
        UUID annsImage = image(ann, 1);
        UUID bobsImage = image(bob, 2);
        db.sql("insert into friendships (user_id, friend_id) values (?, ?), (?, ?)").params(ann, bob, bob, ann).update();
        db.sql("insert into image_shares (image_id, recipient_id) values (?, ?)").params(annsImage, bob).update();
        UUID imageLink = db.sql("insert into share_links (image_id, token_hash, include_original) values (?, '\\x01', true) returning id")
                .param(annsImage).query(UUID.class).single();

        flyway(null).migrate();

        assertThat(db.sql("select max(version::int) from flyway_schema_history where success").query(Integer.class).single())
                .isGreaterThanOrEqualTo(8);
        assertThat(db.sql("select count(*) from images").query(Integer.class).single()).isEqualTo(2);
        assertThat(db.sql("select count(*) from image_shares").query(Integer.class).single()).isEqualTo(1);
        assertThat(db.sql("select image_id from share_links where id = ?").param(imageLink).query(UUID.class).single())
                .as("an image link stays an image link").isEqualTo(annsImage);
        assertThat(db.sql("select board_id from share_links where id = ?").param(imageLink).query(UUID.class).optional()).isEmpty();

        UUID board = db.sql("insert into boards (owner_id, name) values (?, 'Trips') returning id").param(ann).query(UUID.class).single();
        db.sql("insert into board_members (board_id, user_id, role) values (?, ?, 'contributor')").params(board, bob).update();
        db.sql("insert into board_images (board_id, image_id, position) values (?, ?, 1), (?, ?, 2)")
                .params(board, annsImage, board, bobsImage).update();
        db.sql("update boards set cover_image_id = ? where id = ?").params(bobsImage, board).update();
        db.sql("insert into share_links (board_id, token_hash, include_original) values (?, '\\x02', false)").param(board).update();

        // Ending the membership takes the member's images off the board, and the cover chosen among them.
        db.sql("delete from board_members where board_id = ? and user_id = ?").params(board, bob).update();
        assertThat(db.sql("select image_id from board_images where board_id = ?").param(board).query(UUID.class).list())
                .containsExactly(annsImage);
        assertThat(db.sql("select cover_image_id from boards where id = ?").param(board).query(UUID.class).optional()).isEmpty();
        assertThat(db.sql("select count(*) from images where id = ?").param(bobsImage).query(Integer.class).single())
                .as("the image stays in its owner's gallery").isEqualTo(1);

        assertThatThrownBy(() -> db.sql("update boards set cover_image_id = ? where id = ?").params(bobsImage, board).update())
                .as("a cover must be on the board").isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> db.sql("insert into share_links (image_id, board_id, token_hash, include_original) values (?, ?, '\\x03', false)")
                .params(annsImage, board).update())
                .as("a link opens an image or a board, not both").isInstanceOf(DataIntegrityViolationException.class);

        db.sql("delete from boards where id = ?").param(board).update();
        assertThat(db.sql("select count(*) from share_links").query(Integer.class).single()).as("the board's link goes with it").isEqualTo(1);
        assertThat(db.sql("select count(*) from images").query(Integer.class).single()).as("the images stay").isEqualTo(2);
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        return (target == null ? configuration : configuration.target(target)).load();
    }

    private UUID user(String name) {
        return db.sql("insert into users (username, password_hash) values (?, 'not a hash') returning id")
                .param(name).query(UUID.class).single();
    }

    private UUID image(UUID owner, int seed) {
        return db.sql("""
                        insert into images (owner_id, sha256, status, format, width, height, bytes, thumb_width, thumb_height,
                                            thumb_format, preview_width, preview_height, preview_format)
                        values (?, sha256(?::text::bytea), 'ready', 'jpeg', 800, 600, 12345, 400, 300, 'jpeg', 800, 600, 'jpeg')
                        returning id""")
                .params(owner, seed).query(UUID.class).single();
    }

    private static void admin(String statement) throws Exception {
        try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
            admin.createStatement().execute(statement);
        }
    }
}

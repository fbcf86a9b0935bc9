package dev.scrapbook.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

import dev.scrapbook.storage.EmbeddedS3Server;

/**
 * The real services for integration tests, isolated per test JVM: a database of its own on the machine's
 * PostgreSQL (dropped at exit), an in-memory S3Proxy on a free loopback port, and RabbitMQ names of its own.
 */
public final class TestServices {

    public static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
    public static final String DATABASE = "scrapbook_test_" + RUN_ID;
    public static final String EXCHANGE = "scrapbook.test." + RUN_ID;
    public static final String AUTH_SECRET = "test-secret-that-is-long-enough-for-hmac-" + RUN_ID;
    public static final String S3_KEY = "test-access";
    public static final String S3_SECRET = "test-secret-" + RUN_ID;

    private static final String PG = System.getProperty("scrapbook.test.pg", "jdbc:postgresql://127.0.0.1:5432/");
    private static EmbeddedS3Server s3;
    private static boolean created;

    private TestServices() {
    }

    /** Registers every SCRAPBOOK setting a function needs, pointing at this run's services. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestServices::databaseUrl);
        registry.add("scrapbook.auth.secret", () -> AUTH_SECRET);
        registry.add("scrapbook.events.exchange", () -> EXCHANGE);
        registry.add("scrapbook.s3.endpoint", () -> s3().endpoint().toString());
        registry.add("scrapbook.s3.access-key", () -> S3_KEY);
        registry.add("scrapbook.s3.secret-key", () -> S3_SECRET);
        registry.add("scrapbook.s3.originals-bucket", () -> "originals-" + RUN_ID);
        registry.add("scrapbook.s3.thumbnails-bucket", () -> "thumbnails-" + RUN_ID);
        registry.add("scrapbook.s3.create-buckets", () -> "true");
    }

    public static synchronized String databaseUrl() {
        if (!created) {
            createDatabase(DATABASE);
            created = true;
        }
        return PG + DATABASE;
    }

    /** Another empty database of this run's, for rows no other test may see (also dropped at exit). */
    public static String otherDatabaseUrl(String suffix) {
        createDatabase(DATABASE + "_" + suffix);
        return PG + DATABASE + "_" + suffix;
    }

    private static void createDatabase(String name) {
        try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
            admin.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG + " is needed for the integration tests", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(name)));
    }

    private static void dropDatabase(String name) {
        try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
            admin.createStatement().execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("could not drop " + name + ": " + e.getMessage());
        }
    }

    public static synchronized EmbeddedS3Server s3() {
        if (s3 == null) {
            try {
                s3 = EmbeddedS3Server.inMemory("127.0.0.1", freePort(), S3_KEY, S3_SECRET);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded S3 server", e);
            }
        }
        return s3;
    }

    /** A user row for tests that call a function directly, without the account API. */
    public static UUID insertUser(JdbcClient db) {
        return db.sql("insert into users (username, password_hash) values (?, 'not a hash') returning id")
                .param("t" + UUID.randomUUID().toString().substring(0, 20)).query(UUID.class).single();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.scrapbook.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.scrapbook.storage.EmbeddedS3Server;

/**
 * What one machine needs before the functions start: a database, an S3 server and secrets, each made
 * once and kept under the data folder so that a restart finds everything as it was.
 */
final class LocalSetup {

    private LocalSetup() {
    }

    /** Returns default properties; anything set in the environment still wins over them. */
    static Map<String, Object> prepare(Path dataDir, Map<String, String> env) throws Exception {
        Files.createDirectories(dataDir);
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("scrapbook.local.data-dir", dataDir.toAbsolutePath().normalize().toString());
        defaults.put("scrapbook.auth.secret", env.getOrDefault("SCRAPBOOK_AUTH_SECRET", secret(dataDir.resolve("auth-secret"))));
        if (env.getOrDefault("SCRAPBOOK_S3_ENDPOINT", "").isEmpty()) {
            defaults.putAll(embeddedS3(dataDir, env));
        }
        createDatabaseIfMissing(env.getOrDefault("SCRAPBOOK_DB_URL", "jdbc:postgresql://127.0.0.1:5432/scrapbook"),
                env.getOrDefault("SCRAPBOOK_DB_USER", "postgres"), env.getOrDefault("SCRAPBOOK_DB_PASSWORD", ""));
        return defaults;
    }

    private static Map<String, Object> embeddedS3(Path dataDir, Map<String, String> env) throws Exception {
        String host = env.getOrDefault("SCRAPBOOK_BIND", "127.0.0.1");
        int port = Integer.parseInt(env.getOrDefault("SCRAPBOOK_S3_PORT", "8333"));
        String accessKey = "scrapbook";
        String secretKey = secret(dataDir.resolve("s3-secret"));
        EmbeddedS3Server s3 = EmbeddedS3Server.onDisk(dataDir.resolve("s3"), host, port, accessKey, secretKey);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                s3.close();
            } catch (Exception ignored) {
                // the JVM is going away
            }
        }));
        return Map.of("scrapbook.s3.endpoint", s3.endpoint().toString(),
                "scrapbook.s3.access-key", accessKey,
                "scrapbook.s3.secret-key", secretKey);
    }

    /** A random secret made on first start and kept readable by the owner only. */
    static String secret(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(file, secret);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return secret;
    }

    static void createDatabaseIfMissing(String jdbcUrl, String user, String password) throws SQLException {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String database = uri.getPath().substring(1);
        if (!database.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("unexpected database name in " + jdbcUrl);
        }
        String admin = "jdbc:postgresql://" + uri.getAuthority() + "/postgres";
        try (Connection connection = DriverManager.getConnection(admin, user, password)) {
            var exists = connection.prepareStatement("select 1 from pg_database where datname = ?");
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("create database " + database);
            }
        }
    }
}

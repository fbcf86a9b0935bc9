package dev.scrapbook.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.scrapbook.testing.TestServices;

/**
 * A PostgreSQL server of the test's own (initdb + pg_ctl of the installed version, in a temporary folder, on a
 * free loopback port), so a fault test can stop and start it without touching the machine's shared server.
 * initdb refuses root, so as root it runs as the {@code postgres} user.
 */
final class PrivatePostgres implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    final int port = TestServices.freePort();

    PrivatePostgres() throws Exception {
        bin = installedBin();
        dir = Files.createTempDirectory("scrapbook-pg-");
        ifRoot("chown", "postgres", dir.toString());
        run(asPostgres(bin.resolve("initdb").toString(), "-D", data(), "-A", "trust", "-U", "postgres",
                "--no-sync", "-E", "UTF8"));
        start();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void start() throws Exception {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("log").toString(), "-w",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off", "start"));
    }

    /** A fast shutdown: open connections are cut, as when the server or its machine goes away. */
    void stop() throws Exception {
        run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "stop"));
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private static Path installedBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries under /usr/lib/postgresql"));
        }
    }

    private static List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void ifRoot(String... command) throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            run(List.of(command));
        }
    }

    static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}

package dev.scrapbook.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./deploy.sh gcf --dry-run} prints what knative/README.md's "Google Cloud Functions" table says is deployed,
 * each function with its trigger, and {@code --help} says what the deployment gives and what stays on Knative.
 * Needs neither gcloud nor a build; the gcloud flags themselves are checked only against Google's documentation.
 */
class DeployGcfDryRunTest {

    private static final Path DEPLOY = Path.of("..", "deploy.sh").toAbsolutePath().normalize();

    record Run(int status, String out, String err) {
    }

    @Test
    void deploysEachFunctionWithItsTrigger(@TempDir Path dir) throws Exception {
        Path env = dir.resolve("gcf.env.yaml");
        Files.writeString(env, "SCRAPBOOK_DB_URL: jdbc:postgresql://10.0.0.5:5432/scrapbook\n"
                + "SCRAPBOOK_S3_ORIGINALS_BUCKET: \"my-originals\"\n");

        Run run = run(env, "gcf", "--dry-run");

        assertThat(run.status()).as(run.err()).isZero();
        List<String> commands = run.out().lines().toList();
        assertThat(deployOf(commands, "thumbnail")).contains(
                "--trigger-event-filters=type=google.cloud.storage.object.v1.finalized",
                "--trigger-event-filters=bucket=my-originals", "--retry", "--no-allow-unauthenticated")
                .doesNotContain("--trigger-http");
        assertThat(deployOf(commands, "save-image")).contains("--trigger-http", "--no-allow-unauthenticated");
        assertThat(deployOf(commands, "gallery")).contains("--trigger-http", "--allow-unauthenticated");
        assertThat(deployOf(commands, "share")).contains("--trigger-http", "--allow-unauthenticated");
        for (String function : List.of("thumbnail", "save-image", "gallery", "share")) {
            assertThat(deployOf(commands, function)).contains(
                    "--entry-point=org.springframework.cloud.function.adapter.gcp.GcfJarLauncher",
                    "--source=functions/" + function + "/target/deploy", "--runtime=java25");
        }
        assertThat(commands).filteredOn(line -> line.startsWith("+ gcloud scheduler jobs create http scrapbook-reconcile"))
                .singleElement().asString().contains("--http-method=POST", "--oidc-service-account-email=");
    }

    @Test
    void helpSaysWhatItGivesAndWhatStaysOnKnative() throws Exception {
        Run run = run(null, "gcf", "--help");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("What a Cloud Functions deployment gives a person", "What stays on Knative",
                "google.cloud.storage.object.v1.finalized", "Cloud Scheduler");
    }

    private static String deployOf(List<String> commands, String function) {
        return commands.stream().filter(line -> line.startsWith("+ gcloud functions deploy scrapbook-" + function + " "))
                .reduce((a, b) -> {
                    throw new AssertionError("deployed twice: " + function);
                })
                .orElseThrow(() -> new AssertionError("not deployed: " + function + " in " + commands));
    }

    private static Run run(Path envFile, String... args) throws IOException, InterruptedException {
        List<String> words = new ArrayList<>(List.of("bash", DEPLOY.toString()));
        words.addAll(List.of(args));
        ProcessBuilder command = new ProcessBuilder(words);
        command.environment().remove("GCF_SERVICE_ACCOUNT");
        if (envFile != null) {
            command.environment().put("GCF_ENV_FILE", envFile.toString());
        }
        Process process = command.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), out, err);
    }
}

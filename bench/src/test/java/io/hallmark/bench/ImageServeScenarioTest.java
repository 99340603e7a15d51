package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageServeScenarioTest {
    @Test
    void curlDownloadsThePublishedImageAndOpensslHashesItInTheSameRun() throws Exception {
        assumeTrue(onPath("curl") && onPath("openssl"), "curl and openssl are needed (the test script installs them)");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ImageServeScenario.Outcome o =
                ImageServeScenario.run(1, 1, 1, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(o.serveMbPerSecond()).as(report).isPositive();
        assertThat(o.hashMbPerSecond()).as(report).isPositive();
        assertThat(report)
                .containsPattern("(?m)^ratio  serving / openssl hashing = [\\d.]+ \\(of the medians [\\d.]+\\)$");
        assertThat(report).contains("warm   hallmark GET");
        assertThat(report).containsPattern("(?m)^JIT compiler idle after [\\d.]+ s more$");
        if (Nginx.isInstalled()) {
            assertThat(o.nginxMbPerSecond()).as(report).isPositive();
            assertThat(report).containsPattern("(?m)^ratio  serving / nginx serving = [\\d.]+$");
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}

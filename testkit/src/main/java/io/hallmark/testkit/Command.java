package io.hallmark.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs an external client (openssl, curl) for an integration test: standard input from /dev/null, output captured to
 * files in a scratch directory, bounded in time. The test is skipped when the binary is not installed; the test
 * script installs them, so on CI nothing is skipped.
 *
 * @param exitCode the process's exit code
 * @param out what it wrote to standard output
 * @param err what it wrote to standard error
 */
public record Command(int exitCode, String out, String err) {
    /** How long a command may run. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Runs {@code command} with its scratch files in {@code tmp}. */
    public static Command run(Path tmp, String... command) {
        Assumptions.assumeTrue(onPath(command[0]), command[0] + " is not installed: skipped");
        try {
            Path out = Files.createTempFile(tmp, command[0], ".out");
            Path err = Files.createTempFile(tmp, command[0], ".err");
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try {
                if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT);
                }
            } finally {
                p.destroyForcibly();
            }
            return new Command(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(Arrays.toString(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code binary} is an executable on the PATH. */
    public static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        return path != null
                && Arrays.stream(path.split(File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}

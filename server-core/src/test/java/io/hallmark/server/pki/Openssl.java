package io.hallmark.server.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The {@code openssl} binary for tests that check certificates against a second implementation. */
final class Openssl {
    private Openssl() {}

    /** Whether {@code openssl} is on the PATH. */
    static boolean isInstalled() {
        try {
            return run(Path.of("."), "version").exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code openssl arguments...} in {@code dir}, with standard error folded into the output. */
    static Result run(Path dir, String... arguments) throws IOException {
        String[] command = new String[arguments.length + 1];
        command[0] = "openssl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** What a run printed and how it ended. */
    record Result(int exitCode, String output) {}
}

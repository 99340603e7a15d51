package io.hallmark.bench;

import io.hallmark.server.app.HallmarkServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real Hallmark server in a process of its own (the same JVM and class path as the benchmark), so that a scenario
 * can read the server's own CPU time apart from its clients': {@link #cpu()} is the process's total CPU time as the
 * operating system counts it. The child prints one line, {@code READY <api url> <device port>}, and stops when its
 * standard input closes.
 */
final class ForkedServer implements AutoCloseable {
    private static final String READY = "READY ";

    private final Process process;
    private final String apiUrl;
    private final int devicePort;

    private ForkedServer(Process process, String apiUrl, int devicePort) {
        this.process = process;
        this.apiUrl = apiUrl;
        this.devicePort = devicePort;
    }

    /** Starts the child with its data in {@code dir} and waits until it serves. */
    static ForkedServer start(Path dir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xms1g", "-Xmx1g"));
        // more options for the child alone, such as a profiler agent: HALLMARK_BENCH_SERVER_JVM_OPTS
        String extra = System.getenv()
                .getOrDefault("HALLMARK_BENCH_SERVER_JVM_OPTS", "")
                .strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(
                List.of("-cp", System.getProperty("java.class.path"), ForkedServer.class.getName(), dir.toString()));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(READY)) {
                    String[] parts = line.substring(READY.length()).split(" ");
                    return new ForkedServer(p, parts[0], Integer.parseInt(parts[1]));
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("the forked server stopped before it served (exit " + p.waitFor() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the forked server", e);
        }
    }

    String apiUrl() {
        return apiUrl;
    }

    int devicePort() {
        return devicePort;
    }

    /** The child's total CPU time so far (user and system, all its threads). */
    Duration cpu() {
        Optional<Duration> cpu = process.toHandle().info().totalCpuDuration();
        return cpu.orElseThrow(() -> new IllegalStateException("this system does not report a process's CPU time"));
    }

    /**
     * The CPU time so far of the child's JIT compiler threads, read from Linux's {@code /proc/<pid>/task/<tid>/stat}
     * (clock ticks of 10 ms); zero where that is not readable.
     */
    Duration jitCpu() {
        long ticks = 0;
        try (var tasks =
                java.nio.file.Files.list(java.nio.file.Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(open + 1, close).contains("CompilerThre")) {
                        continue;
                    }
                    // after the name: state is field 3, utime field 14, stime field 15
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(ticks * 10);
    }

    @Override
    public void close() {
        try (OutputStream in = process.getOutputStream()) {
            in.flush();
        } catch (IOException ignored) {
            // the child is gone already
        }
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The child: serves until its standard input closes. */
    public static void main(String[] args) throws IOException {
        try (HallmarkServer server = BenchServer.start(Path.of(args[0]))) {
            java.io.PrintStream out = System.out;
            out.println(READY + server.apiUrl() + " " + server.devicePort().orElseThrow());
            out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close the pipe
            }
        }
    }
}

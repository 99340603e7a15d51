package io.hallmark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the {@code wrk} load generator (HTTP/1.1 keep-alive, HTTPS through OpenSSL) once and reads its summary. A run
 * is bounded by its duration; the process is killed if it overruns that by half a minute.
 *
 * @param threads wrk threads ({@code -t})
 * @param connections open connections, kept alive ({@code -c})
 * @param seconds duration ({@code -d})
 */
record Wrk(int threads, int connections, int seconds) {
    private static final Pattern RPS = Pattern.compile("^Requests/sec:\\s+([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:([^\\n]*)");
    private static final Pattern P50 = Pattern.compile("^\\s+50%\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern P99 = Pattern.compile("^\\s+99%\\s+(\\S+)", Pattern.MULTILINE);

    /** What one run measured. */
    record Result(double requestsPerSecond, String p50, String p99, String output) {}

    Wrk {
        if (threads < 1 || connections < threads || seconds < 1) {
            throw new IllegalArgumentException("wrk: -t" + threads + " -c" + connections + " -d" + seconds
                    + "s (expected: threads >= 1, connections >= threads, seconds >= 1)");
        }
    }

    /** Whether {@code wrk} is on the PATH. */
    static boolean isInstalled() {
        try {
            Process p = new ProcessBuilder("wrk", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The command line, as shown in the report (the token elided). */
    String display(String url) {
        return "wrk -t" + threads + " -c" + connections + " -d" + seconds + "s --latency -H 'Authorization: Bearer …' "
                + url;
    }

    /**
     * Loads {@code uri} with {@code authorization} as the Authorization header.
     *
     * @throws IllegalStateException when wrk fails, or any response was not 2xx/3xx, or a socket error occurred
     */
    Result run(URI uri, String authorization) {
        return runWithHeader(uri, "Authorization: " + authorization);
    }

    /**
     * Loads {@code uri} sending {@code header} ({@code "Name: value"}) with every request.
     *
     * @throws IllegalStateException when wrk fails, or any response was not 2xx/3xx, or a socket error occurred
     */
    Result runWithHeader(URI uri, String header) {
        List<String> command = List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "-H",
                header,
                uri.toString());
        String out;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] bytes = p.getInputStream().readAllBytes();
            if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("wrk overran " + seconds + " s by 30 s");
            }
            out = new String(bytes, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("wrk exited " + p.exitValue() + ":\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("wrk cannot be run (apt-get install wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return parse(out);
    }

    /** Reads wrk's summary; a run with any non-2xx/3xx response or socket error is no measurement. */
    static Result parse(String out) {
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            throw new IllegalStateException(non2xx.group(1) + " responses were not 2xx/3xx:\n" + out);
        }
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            throw new IllegalStateException("socket errors:" + socket.group(1) + "\n" + out);
        }
        return new Result(Double.parseDouble(group(RPS, out)), group(P50, out), group(P99, out), out);
    }

    private static String group(Pattern pattern, String out) {
        Matcher m = pattern.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk output without " + pattern.pattern() + ":\n" + out);
        }
        return m.group(1);
    }
}

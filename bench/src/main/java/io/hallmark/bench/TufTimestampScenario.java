package io.hallmark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Conditional fetches of {@code timestamp.json} per second over HTTPS keep-alive, as polling devices make them
 * (TUF 1.0 §5.4: the file a client fetches first, every time; {@code If-None-Match} with the ETag it holds, answered
 * 304 while the file is unchanged, RFC 9110 §13.1.2): from Hallmark's device port ({@code
 * /tuf/{manufacturer}/timestamp.json}) next to nginx serving the very same bytes as a static file over TLS with an
 * ECDSA P-256 certificate, each asked with its own ETag, with the same client ({@code wrk}) in one run, in rounds of
 * alternating order.
 *
 * <p>Sets up a manufacturer with one published release (which makes its repository), fetches the timestamp once and
 * writes it under a temporary nginx root. Needs {@code wrk}, {@code nginx} and {@code openssl} (Debian packages; the
 * project's test script installs them). Run from the repository root: {@code java -cp
 * bench/target/classes:$(cat bench/target/classpath.txt) io.hallmark.bench.TufTimestampScenario [-t THREADS] [-c
 * CONNECTIONS] [-d SECONDS] [--warmup SECONDS] [--rounds N]}.
 */
public final class TufTimestampScenario {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TufTimestampScenario() {}

    /** Runs the scenario and prints the table on standard output. */
    public static void main(String[] args) throws Exception {
        run(HttpsGetScenario.Settings.parse(args), System.out);
    }

    /** Whether the tools the scenario needs are on this machine. */
    static boolean toolsInstalled() {
        return Wrk.isInstalled() && Nginx.isInstalled();
    }

    static void run(HttpsGetScenario.Settings settings, PrintStream out) throws Exception {
        if (!toolsInstalled()) {
            throw new IllegalStateException("wrk, nginx and openssl are needed (Debian: apt-get install wrk nginx)");
        }
        try (HttpsPair pair = HttpsPair.start()) {
            String org = publishRelease(pair);
            URI hallmark = URI.create(pair.deviceBase() + "/tuf/" + org + "/timestamp.json");
            HttpResponse<byte[]> timestamp = pair.get(hallmark);
            if (timestamp.statusCode() != 200) {
                throw new IllegalStateException(hallmark + ": status " + timestamp.statusCode());
            }
            Path dir = Files.createTempDirectory("hallmark-bench-nginx-");
            try (Nginx nginx = Nginx.start(dir, "timestamp.json", timestamp.body(), "application/json")) {
                URI reference = URI.create("https://127.0.0.1:" + nginx.port() + "/timestamp.json");
                Map<String, Target> targets = new LinkedHashMap<>();
                targets.put("hallmark /tuf/{org}/timestamp.json 304", new Target(hallmark, etag(timestamp)));
                targets.put("nginx static timestamp.json 304", new Target(reference, nginx.etag("timestamp.json")));
                measure(settings, targets, timestamp.body().length, out);
            } finally {
                ScratchDatabase.deleteTree(dir);
            }
        }
    }

    /** A URL and the ETag a device holds for it. */
    private record Target(URI uri, String etag) {
        String header() {
            return "If-None-Match: " + etag;
        }
    }

    static String etag(HttpResponse<?> r) {
        return r.headers().firstValue("ETag").orElseThrow(() -> new IllegalStateException(r.uri() + " sent no ETag"));
    }

    private static void measure(
            HttpsGetScenario.Settings settings, Map<String, Target> targets, int bytes, PrintStream out) {
        if (settings.warmupSeconds() > 0) {
            Wrk warm = new Wrk(settings.wrk().threads(), settings.wrk().connections(), settings.warmupSeconds());
            targets.values().forEach(t -> warm.runWithHeader(t.uri(), t.header()));
        }
        Wrk w = settings.wrk();
        out.printf(
                Locale.ROOT,
                "HTTPS keep-alive, wrk -t%d -c%d -d%ds --latency -H 'If-None-Match: <its ETag>'; %d bytes of"
                        + " timestamp.json, answered 304%n",
                w.threads(),
                w.connections(),
                w.seconds(),
                bytes);
        out.printf(Locale.ROOT, "%-6s %-36s %10s %9s %9s%n", "round", "target", "req/s", "p50", "p99");
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        targets.keySet().forEach(k -> rates.put(k, new ArrayList<>()));
        List<String> names = new ArrayList<>(targets.keySet());
        for (int round = 1; round <= settings.rounds(); round++) {
            for (String name : round % 2 == 1 ? names : names.reversed()) {
                Wrk.Result r = w.runWithHeader(
                        targets.get(name).uri(), targets.get(name).header());
                rates.get(name).add(r.requestsPerSecond());
                out.printf(
                        Locale.ROOT,
                        "%-6d %-36s %10.0f %9s %9s%n",
                        round,
                        name,
                        r.requestsPerSecond(),
                        r.p50(),
                        r.p99());
            }
        }
        double[] means = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            means[i] = rates.get(names.get(i)).stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow();
            out.printf(Locale.ROOT, "%-6s %-36s %10.0f%n", "mean", names.get(i), means[i]);
        }
        out.printf(Locale.ROOT, "ratio  hallmark / nginx = %.2f%n", means[0] / means[1]);
    }

    /** A manufacturer with one product and one published release; its id. */
    static String publishRelease(HttpsPair pair) {
        return publishRelease(pair, "tb-1 firmware 1.0.0".getBytes(StandardCharsets.UTF_8), "tb-1-1.0.0.bin");
    }

    /** A manufacturer with one product and one published release of {@code image} named {@code name}; its id. */
    static String publishRelease(HttpsPair pair, byte[] image, String name) {
        String org = field(
                pair.post("/api/v1/organizations", "{\"name\":\"TUF Bench Maker\",\"kinds\":[\"manufacturer\"]}"),
                "id");
        field(
                pair.post(
                        "/api/v1/products",
                        "{\"org\":\"" + org
                                + "\",\"model\":\"tb-1\",\"name\":\"TUF Bench\",\"supportUntil\":\"2099-12-31\"}"),
                "id");
        String sha256 = field(pair.postBytes("/api/v1/releases/uploads?org=" + org, image), "sha256");
        field(
                pair.post(
                        "/api/v1/releases",
                        "{\"org\":\"" + org + "\",\"product\":\"tb-1\",\"version\":\"1.0.0\",\"image\":\"" + sha256
                                + "\",\"imageName\":\"" + name + "\"}"),
                "id");
        return org;
    }

    private static String field(HttpResponse<String> r, String name) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(r.uri() + ": status " + r.statusCode() + " " + r.body());
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            return n.get(name).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

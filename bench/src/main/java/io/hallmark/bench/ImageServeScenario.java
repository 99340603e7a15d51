package io.hallmark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.core.Hashes;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Serving a release image over HTTPS, next to {@code openssl dgst -sha256} hashing the same file, in one run: the
 * issue's reference for "image hashing and serving". A manufacturer publishes a release whose image is {@code --mib}
 * MiB of random bytes; the scenario finds the image's consistent-snapshot path through the repository's own metadata
 * (timestamp, snapshot, then each targets role it lists, TUF 1.0 §5.4–5.6), checks once that the bytes served are the
 * image, then, after {@code --warmup} rounds that are not counted (the server's JIT compiles the serving path
 * during the first downloads), runs {@code --rounds} rounds, the order turning each round: {@code curl} downloads the
 * image from the device port (a new TLS connection each time, the body thrown away), {@code openssl dgst -sha256}
 * hashes the file, and, when nginx is installed, {@code curl} downloads the same file from nginx over HTTPS (the web
 * server reference: what the machine's TLS and loopback allow). Figures are MB/s (10^6 bytes) of one stream; curl's
 * and openssl's process start-up are inside their times. Needs {@code curl} and {@code openssl}. Run from the
 * repository root: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt)
 * io.hallmark.bench.ImageServeScenario [--mib N] [--warmup N] [--rounds N]}.
 */
public final class ImageServeScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE_NAME = "tb-1-image.bin";

    private ImageServeScenario() {}

    /** Runs the scenario and prints the table on standard output. */
    public static void main(String[] args) throws Exception {
        int mib = 128;
        int rounds = 5;
        int warmup = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--mib" -> mib = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default ->
                    throw new IllegalArgumentException("option: " + args[i] + " (expected: --mib, --rounds, --warmup)");
            }
        }
        if (mib < 1 || mib > 500 || rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException(
                    "expected: 1 <= mib <= 500 (the upload limit), rounds >= 1, warmup >= 0");
        }
        run(mib, warmup, rounds, System.out);
    }

    /** The mean MB/s of serving, of hashing, and of nginx serving the same file (0 without nginx). */
    record Outcome(double serveMbPerSecond, double hashMbPerSecond, double nginxMbPerSecond) {}

    static Outcome run(int mib, int warmup, int rounds, PrintStream out) throws IOException, InterruptedException {
        byte[] image = new byte[mib * 1024 * 1024];
        new SecureRandom().nextBytes(image);
        Path dir = Files.createTempDirectory("hallmark-bench-image-");
        try (HttpsPair pair = HttpsPair.start()) {
            Path file = dir.resolve(IMAGE_NAME);
            Files.write(file, image);
            long u0 = System.nanoTime();
            String org = TufTimestampScenario.publishRelease(pair, image, IMAGE_NAME);
            out.printf(Locale.ROOT, "upload and publication: %.1f s%n", (System.nanoTime() - u0) / 1e9);
            URI url = targetUrl(pair, org, Hashes.hex(Hashes.sha256(image)));
            HttpResponse<byte[]> once = pair.get(url);
            if (once.statusCode() != 200
                    || !Hashes.hex(Hashes.sha256(once.body())).equals(Hashes.hex(Hashes.sha256(image)))) {
                throw new IllegalStateException(url + ": status " + once.statusCode() + ", not the image's bytes");
            }
            List<Source> sources = new ArrayList<>();
            sources.add(new Source(
                    "hallmark GET /tuf/{org}/targets/... (curl)", () -> curl(url, pair.caFile(), image.length)));
            sources.add(new Source("openssl dgst -sha256 FILE", () -> openssl(file, image.length)));
            Path nginxDir = Files.createTempDirectory("hallmark-bench-image-nginx-");
            Nginx nginx =
                    Nginx.isInstalled() ? Nginx.start(nginxDir, IMAGE_NAME, image, "application/octet-stream") : null;
            try {
                if (nginx != null) {
                    URI reference = URI.create("https://127.0.0.1:" + nginx.port() + "/" + IMAGE_NAME);
                    sources.add(new Source(
                            "nginx GET the same file over HTTPS (curl)",
                            () -> curl(reference, nginx.certFile(), image.length)));
                } else {
                    out.println("nginx is not installed: no web server reference in this run");
                }
                out.printf(
                        Locale.ROOT,
                        "release image of %d MiB (%,d bytes), %d warm-up rounds (not counted), %d rounds, the order"
                                + " turning each round%n",
                        mib,
                        image.length,
                        warmup,
                        rounds);
                out.printf(Locale.ROOT, "%-6s %-52s %10s%n", "round", "what", "MB/s");
                List<List<Double>> figures = new ArrayList<>();
                sources.forEach(x -> figures.add(new ArrayList<>()));
                for (int round = 1 - warmup; round <= rounds; round++) {
                    if (round == 1) {
                        out.printf(Locale.ROOT, "JIT compiler idle after %.1f s more%n", JitQuiet.await() / 1e3);
                    }
                    for (int k = 0; k < sources.size(); k++) {
                        int at = Math.floorMod(k + round, sources.size());
                        double mbs = sources.get(at).measure().get();
                        if (round >= 1) {
                            figures.get(at).add(mbs);
                        }
                        out.printf(
                                Locale.ROOT,
                                "%-6s %-52s %10.0f%n",
                                round >= 1 ? Integer.toString(round) : "warm",
                                sources.get(at).what(),
                                mbs);
                    }
                }
                double[] means = new double[sources.size()];
                double[] medians = new double[sources.size()];
                for (int k = 0; k < sources.size(); k++) {
                    means[k] = figures.get(k).stream()
                            .mapToDouble(Double::doubleValue)
                            .average()
                            .orElseThrow();
                    double[] sorted = figures.get(k).stream()
                            .mapToDouble(Double::doubleValue)
                            .sorted()
                            .toArray();
                    medians[k] = (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
                    out.printf(
                            Locale.ROOT,
                            "%-6s %-52s %10.0f   (median %.0f)%n",
                            "mean",
                            sources.get(k).what(),
                            means[k],
                            medians[k]);
                }
                out.printf(
                        Locale.ROOT,
                        "ratio  serving / openssl hashing = %.2f (of the medians %.2f)%n",
                        means[0] / means[1],
                        medians[0] / medians[1]);
                if (nginx != null) {
                    out.printf(Locale.ROOT, "ratio  nginx serving / openssl hashing = %.2f%n", means[2] / means[1]);
                    out.printf(Locale.ROOT, "ratio  serving / nginx serving = %.2f%n", means[0] / means[2]);
                }
                return new Outcome(means[0], means[1], nginx == null ? 0 : means[2]);
            } finally {
                if (nginx != null) {
                    nginx.close();
                }
                ScratchDatabase.deleteTree(nginxDir);
            }
        } finally {
            ScratchDatabase.deleteTree(dir);
        }
    }

    /** One stream measured each round. */
    private record Source(String what, Measure measure) {}

    /** A stream's MB/s, measured once. */
    @FunctionalInterface
    private interface Measure {
        double get() throws IOException, InterruptedException;
    }

    /** The URL of the image: the targets role that lists a path ending in the image's name, its hash-prefixed file. */
    private static URI targetUrl(HttpsPair pair, String org, String sha256) throws IOException {
        String base = pair.deviceBase() + "/tuf/" + org + "/";
        JsonNode timestamp = json(pair, base + "timestamp.json");
        long snapshotVersion =
                timestamp.at("/signed/meta/snapshot.json/version").asLong();
        JsonNode snapshot = json(pair, base + snapshotVersion + ".snapshot.json");
        Iterator<Map.Entry<String, JsonNode>> roles =
                snapshot.at("/signed/meta").fields();
        while (roles.hasNext()) {
            Map.Entry<String, JsonNode> role = roles.next();
            String name = role.getKey().substring(0, role.getKey().length() - ".json".length());
            JsonNode targets = json(pair, base + role.getValue().get("version").asLong() + "." + name + ".json");
            Iterator<String> paths = targets.at("/signed/targets").fieldNames();
            while (paths.hasNext()) {
                String path = paths.next();
                if (path.endsWith("/" + IMAGE_NAME) || path.equals(IMAGE_NAME)) {
                    int slash = path.lastIndexOf('/');
                    return URI.create(base + "targets/" + path.substring(0, slash + 1) + sha256 + "." + IMAGE_NAME);
                }
            }
        }
        throw new IllegalStateException("no targets role of " + org + " lists " + IMAGE_NAME);
    }

    private static JsonNode json(HttpsPair pair, String url) throws IOException {
        HttpResponse<byte[]> r = pair.get(URI.create(url));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + ": status " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    private static double curl(URI url, Path ca, long bytes) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(
                        "curl",
                        "-sS",
                        "--fail",
                        "--cacert",
                        ca.toString(),
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{size_download}",
                        url.toString())
                .redirectErrorStream(true)
                .start();
        String got = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        int exit = p.waitFor();
        long took = System.nanoTime() - t0;
        if (exit != 0 || !got.equals(Long.toString(bytes))) {
            throw new IllegalStateException("curl exit " + exit + ": " + got);
        }
        return bytes / (took / 1e9) / 1e6;
    }

    private static double openssl(Path file, long bytes) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-r", file.toString())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl dgst failed");
        }
        return bytes / ((System.nanoTime() - t0) / 1e9) / 1e6;
    }
}

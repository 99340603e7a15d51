package io.hallmark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.agent.Firmware;
import io.hallmark.protocol.attestation.EvidenceWriter;
import io.hallmark.server.app.HallmarkServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Sustained remote attestation over HTTPS with mutual TLS: many devices, each with its own keep-alive connection
 * presenting its LDevID, ask for a nonce ({@code POST /attest/nonce}) and send signed evidence ({@code POST
 * /attest/evidence}) against a real Hallmark server in this process (embedded H2 in a new data directory), and the
 * appraisals per second and their latency percentiles are reported over a sustained period.
 *
 * <p>Set-up: a manufacturer with a product whose allow-list holds the simulated firmware's measurements, an owner,
 * and {@code --devices} devices of that product enrolled over EST (P-256 keys made here). Then {@code --workers}
 * virtual threads share the devices (each device used by one worker only, so its nonces stay in order); each round
 * of a device is: nonce, evidence made and signed (ES256) in this process, evidence sent, the result checked (status
 * 200, an EAR). With {@code --rate R} the rounds start on a fixed schedule adding up to R per second (open loop: the
 * latency counts from the scheduled start, so a server that falls behind shows it); with {@code --rate 0} every
 * worker goes as fast as it can (closed loop: the capacity). A warm-up runs first, then the measured period.
 *
 * <p>The devices' signing and TLS run on the same machine as the server and take part of its cores: the figure is a
 * lower bound of what the server alone does.
 *
 * <p>Run: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) io.hallmark.bench.AttestationScenario
 * [--devices N] [--workers N] [--rate R] [-d SECONDS] [--warmup SECONDS]}; defaults {@code --devices 200 --workers
 * 32 --rate 0 -d 60 --warmup 10}.
 */
public final class AttestationScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Firmware FIRMWARE = Firmware.simulated("bench-os", "1.0.0", Optional.of("BENCH-1"));

    /** Settings of a run. */
    record Settings(int devices, int workers, int rate, int seconds, int warmup, boolean fork) {
        static Settings parse(String... args) {
            int devices = 200;
            int workers = 32;
            int rate = 0;
            int seconds = 60;
            int warmup = 10;
            int fork = 0;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + ": no value");
                }
                int v = Integer.parseInt(args[i + 1]);
                switch (args[i]) {
                    case "--devices" -> devices = v;
                    case "--workers" -> workers = v;
                    case "--rate" -> rate = v;
                    case "-d" -> seconds = v;
                    case "--warmup" -> warmup = v;
                    case "--fork" -> fork = v;
                    default ->
                        throw new IllegalArgumentException("option: " + args[i]
                                + " (expected: --devices, --workers, --rate, -d, --warmup, --fork)");
                }
            }
            if (devices < 1
                    || workers < 1
                    || workers > devices
                    || rate < 0
                    || seconds < 1
                    || warmup < 0
                    || fork < 0
                    || fork > 1) {
                throw new IllegalArgumentException("--devices " + devices + " --workers " + workers + " --rate " + rate
                        + " -d " + seconds + " --warmup " + warmup + " --fork " + fork
                        + " (expected: 1 <= workers <= devices, rate >= 0, d >= 1, warmup >= 0, fork 0 or 1)");
            }
            return new Settings(devices, workers, rate, seconds, warmup, fork == 1);
        }
    }

    /** An enrolled device: its serial, key, certificate and keep-alive client. */
    private record Device(String serial, KeyPair key, X509Certificate certificate, HttpClient http) {}

    /** What one measured period gave. */
    record Outcome(
            long rounds, long errors, double seconds, long[] appraisalNanos, long[] roundNanos, Duration serverCpu) {}

    private AttestationScenario() {}

    /** Runs the scenario and prints the report on standard output. */
    public static void main(String[] args) {
        run(Settings.parse(args), System.out);
    }

    static Outcome run(Settings settings, PrintStream out) {
        Path dir;
        try {
            dir = Files.createTempDirectory("hallmark-bench-attest-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (settings.fork()) {
                try (ForkedServer server = ForkedServer.start(dir)) {
                    return against(
                            server.apiUrl(), server.devicePort(), dir, settings, out, server::cpu, server::jitCpu);
                }
            }
            try (HallmarkServer server = BenchServer.start(dir)) {
                return against(
                        server.apiUrl(), server.devicePort().orElseThrow(), dir, settings, out, () -> null, () -> null);
            }
        } finally {
            ScratchDatabase.deleteTree(dir);
        }
    }

    /**
     * The scenario against a server at {@code apiUrl} and device port {@code port} whose data is in {@code dir};
     * {@code cpu} gives the server's own CPU time when it runs in a process of its own, else null.
     */
    private static Outcome against(
            String apiUrl,
            int port,
            Path dir,
            Settings settings,
            PrintStream out,
            Supplier<Duration> cpu,
            Supplier<Duration> jitCpu) {
        {
            Api api = new Api(apiUrl, dir);
            String maker = api.send(
                            "POST",
                            "/api/v1/organizations",
                            Map.of("name", "Bench Maker", "kinds", List.of("manufacturer")))
                    .get("id")
                    .asText();
            String owner = api.send(
                            "POST", "/api/v1/organizations", Map.of("name", "Bench Fleet", "kinds", List.of("owner")))
                    .get("id")
                    .asText();
            String product = api.send(
                            "POST",
                            "/api/v1/products",
                            Map.of("org", maker, "model", "BENCH-1", "name", "Bench device"))
                    .get("id")
                    .asText();
            Map<String, List<String>> reference = new TreeMap<>();
            FIRMWARE.referenceValues().forEach((c, d) -> reference.put(c, List.of(d)));
            api.send("PUT", "/api/v1/products/" + product + "/reference-values", Map.of("components", reference));
            EstClient est = new EstClient(port, dir.resolve(HallmarkServer.CA_FILE));
            out.printf(Locale.ROOT, "enrolling %,d devices over EST ...%n", settings.devices());
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < settings.devices(); i++) {
                String serial = "SN-A" + i;
                String secret = api.send(
                                "POST", "/api/v1/devices", Map.of("org", owner, "serial", serial, "product", product))
                        .get("enrollmentSecret")
                        .asText();
                KeyPair key = FactoryIssueBenchmark.p256();
                EstClient.Response r = est.simpleEnroll(
                        serial, secret, FactoryIssueBenchmark.csr(key, "serialNumber=" + serial + ",CN=" + serial));
                if (r.status() != 200) {
                    throw new IllegalStateException("simpleenroll " + serial + ": status " + r.status());
                }
                X509Certificate cert = EstClient.certificates(r.body()).get(0);
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .sslContext(est.context(EstClient.keyManagers(key.getPrivate(), cert)))
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
                devices.add(new Device(serial, key, cert, http));
            }
            URI base = URI.create("https://127.0.0.1:" + port);
            if (settings.warmup() > 0) {
                out.printf(Locale.ROOT, "warm-up %d s ...%n", settings.warmup());
                period(devices, base, settings, settings.warmup());
            }
            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Duration cpuBefore = cpu.get();
            Duration jitBefore = jitCpu.get();
            long[] groupBefore = api.groupCommit();
            Outcome o = period(devices, base, settings, settings.seconds());
            long[] groupAfter = api.groupCommit();
            Duration cpuAfter = cpu.get();
            Duration jitAfter = jitCpu.get();
            if (cpuBefore != null && cpuAfter != null) {
                o = new Outcome(
                        o.rounds(),
                        o.errors(),
                        o.seconds(),
                        o.appraisalNanos(),
                        o.roundNanos(),
                        cpuAfter.minus(cpuBefore));
            }
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            report(settings, o, loadBefore, loadAfter, out);
            if (jitBefore != null && jitAfter != null && o.rounds() > 0) {
                Duration jit = jitAfter.minus(jitBefore);
                out.printf(
                        Locale.ROOT,
                        "server CPU in its JIT compiler threads: %.1f s (%.3f ms per appraisal); a longer --warmup leaves"
                                + " less of it%n",
                        jit.toNanos() / 1e9,
                        jit.toNanos() / 1e6 / o.rounds());
            }
            long works = groupAfter[1] - groupBefore[1];
            long commits = groupAfter[0] - groupBefore[0];
            out.printf(
                    Locale.ROOT,
                    "group commit of device writes: %,d transactions in %,d commits (%.1f per commit)%n",
                    works,
                    commits,
                    commits == 0 ? 0.0 : (double) works / commits);
            return o;
        }
    }

    private static void report(Settings s, Outcome o, double loadBefore, double loadAfter, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "attestation over HTTPS + mutual TLS, keep-alive: %,d devices, %d workers, rate %s, %d s measured"
                        + " (after %d s warm-up), %d processors%n",
                s.devices(),
                s.workers(),
                s.rate() == 0 ? "unbounded (closed loop)" : s.rate() + "/s (open loop)",
                s.seconds(),
                s.warmup(),
                Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "load average (1 min): %.2f before, %.2f after%n", loadBefore, loadAfter);
        out.printf(
                Locale.ROOT,
                "appraisals: %,d in %.1f s = %.0f per s; errors %,d%n",
                o.rounds(),
                o.seconds(),
                o.rounds() / o.seconds(),
                o.errors());
        if (o.serverCpu() != null && o.rounds() > 0) {
            double perRound = o.serverCpu().toNanos() / 1e6 / o.rounds();
            int cores = Runtime.getRuntime().availableProcessors();
            out.printf(
                    Locale.ROOT,
                    "server process CPU: %.1f s, %.3f ms per appraisal (nonce + evidence); %d cores given to the server"
                            + " alone would sustain about %.0f per s%n",
                    o.serverCpu().toNanos() / 1e9,
                    perRound,
                    cores,
                    cores * 1000 / perRound);
        }
        out.printf(Locale.ROOT, "%-28s %8s %8s %8s %8s %8s%n", "latency (ms)", "p50", "p90", "p99", "p99.9", "max");
        row(out, "POST /attest/evidence", o.appraisalNanos());
        row(out, "nonce + evidence (round)", o.roundNanos());
    }

    private static void row(PrintStream out, String what, long[] sorted) {
        out.printf(
                Locale.ROOT,
                "%-28s %8.2f %8.2f %8.2f %8.2f %8.2f%n",
                what,
                at(sorted, 0.50) / 1e6,
                at(sorted, 0.90) / 1e6,
                at(sorted, 0.99) / 1e6,
                at(sorted, 0.999) / 1e6,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static long at(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** One period of {@code seconds}: every worker attests its devices in turn. */
    private static Outcome period(List<Device> devices, URI base, Settings s, int seconds) {
        LongAdder errors = new LongAdder();
        ConcurrentHashMap<Integer, long[][]> samples = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        // open loop: each worker starts a round every interval, on a schedule offset per worker
        long interval = s.rate() == 0 ? 0 : (long) (1e9 * s.workers() / s.rate());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < s.workers(); w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    Samples mine = new Samples();
                    List<Device> own = new ArrayList<>();
                    for (int i = worker; i < devices.size(); i += s.workers()) {
                        own.add(devices.get(i));
                    }
                    long scheduled = start + (interval == 0 ? 0 : interval * worker / s.workers());
                    int k = 0;
                    while (true) {
                        long now = System.nanoTime();
                        if (interval > 0) {
                            if (scheduled >= end) {
                                break;
                            }
                            if (scheduled > now) {
                                sleepNanos(scheduled - now);
                            }
                        } else if (now >= end) {
                            break;
                        }
                        long t0 = interval > 0 ? scheduled : System.nanoTime();
                        Device d = own.get(k++ % own.size());
                        try {
                            long evidenceStart = attestOnce(d, base);
                            long t1 = System.nanoTime();
                            mine.add(t1 - evidenceStart, t1 - t0);
                        } catch (IOException | RuntimeException e) {
                            errors.increment();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                        scheduled += interval;
                    }
                    samples.put(worker, mine.arrays());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a worker failed", e.getCause());
        }
        double took = (System.nanoTime() - start) / 1e9;
        long[] appraisal = samples.values().stream()
                .flatMapToLong(a -> Arrays.stream(a[0]))
                .sorted()
                .toArray();
        long[] round = samples.values().stream()
                .flatMapToLong(a -> Arrays.stream(a[1]))
                .sorted()
                .toArray();
        return new Outcome(appraisal.length, errors.sum(), took, appraisal, round, null);
    }

    /** One nonce and one appraisal of device {@code d}; returns when the evidence request started. */
    private static long attestOnce(Device d, URI base) throws IOException, InterruptedException {
        HttpResponse<byte[]> n = d.http()
                .send(
                        HttpRequest.newBuilder(base.resolve("/attest/nonce"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (n.statusCode() != 200) {
            throw new IllegalStateException("nonce: status " + n.statusCode());
        }
        String nonce = JSON.readTree(n.body()).get("nonce").asText();
        EvidenceWriter.Claims claims = new EvidenceWriter.Claims(
                nonce,
                d.serial(),
                FIRMWARE.hwmodel(),
                FIRMWARE.swname(),
                FIRMWARE.swversion(),
                FIRMWARE.dbgstat(),
                FIRMWARE.oemboot(),
                FIRMWARE.measure(),
                System.currentTimeMillis() / 1000);
        String token =
                EvidenceWriter.sign(EvidenceWriter.claims(claims), d.key().getPrivate(), d.certificate());
        long started = System.nanoTime();
        HttpResponse<byte[]> r = d.http()
                .send(
                        HttpRequest.newBuilder(base.resolve("/attest/evidence"))
                                .header("Content-Type", "application/eat+jwt")
                                .POST(HttpRequest.BodyPublishers.ofString(token, StandardCharsets.US_ASCII))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "evidence: status " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return started;
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }

    /** Latencies of one worker, grown as needed. */
    private static final class Samples {
        private long[] appraisal = new long[1024];
        private long[] round = new long[1024];
        private int n;

        void add(long appraisalNanos, long roundNanos) {
            if (n == appraisal.length) {
                appraisal = Arrays.copyOf(appraisal, n * 2);
                round = Arrays.copyOf(round, n * 2);
            }
            appraisal[n] = appraisalNanos;
            round[n] = roundNanos;
            n++;
        }

        long[][] arrays() {
            return new long[][] {Arrays.copyOf(appraisal, n), Arrays.copyOf(round, n)};
        }
    }

    /** The operator API with the bootstrap admin token. */
    private static final class Api {
        private final String base;
        private final String token;
        private final HttpClient client;

        Api(String base, Path dir) {
            this.base = base;
            try {
                this.token = Files.readString(dir.resolve(HallmarkServer.ADMIN_TOKEN_FILE))
                        .strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(new EstClient(0, dir.resolve(HallmarkServer.CA_FILE)).context(null))
                    .build();
        }

        /** The server's group commit counters from {@code /metrics}: commits, then transactions. */
        long[] groupCommit() {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/metrics"))
                        .header("Authorization", "Bearer " + token)
                        .build();
                String text = client.send(request, HttpResponse.BodyHandlers.ofString())
                        .body();
                return new long[] {
                    counter(text, "hallmark_store_group_commits_total"),
                    counter(text, "hallmark_store_group_works_total")
                };
            } catch (IOException e) {
                throw new UncheckedIOException("GET /metrics", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private static long counter(String exposition, String name) {
            for (String line : exposition.split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            throw new IllegalStateException("/metrics has no " + name);
        }

        JsonNode send(String method, String path, Map<String, Object> body) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                        .build();
                HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 201 && r.statusCode() != 200) {
                    throw new IllegalStateException(method + " " + path + ": status " + r.statusCode() + " "
                            + new String(r.body(), StandardCharsets.UTF_8));
                }
                return JSON.readTree(r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}

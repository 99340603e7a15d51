package io.hallmark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.concurrent.TimeUnit;

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
        return Wrk.isInstalled() && onPath("nginx") && onPath("openssl");
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
            try (Nginx nginx = Nginx.start(dir, timestamp.body())) {
                URI reference = URI.create("https://127.0.0.1:" + nginx.port + "/timestamp.json");
                Map<String, Target> targets = new LinkedHashMap<>();
                targets.put("hallmark /tuf/{org}/timestamp.json 304", new Target(hallmark, etag(timestamp)));
                targets.put("nginx static timestamp.json 304", new Target(reference, nginx.etag()));
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

    private static String etag(HttpResponse<?> r) {
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

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    /** nginx in the foreground with a prefix of its own: TLS 1.3 and 1.2, keep-alive, one file. */
    private static final class Nginx implements AutoCloseable {
        final int port;
        private final Process process;

        private Nginx(int port, Process process) {
            this.port = port;
            this.process = process;
        }

        /** The ETag nginx gives the file, read with a first plain request. */
        String etag() throws IOException, InterruptedException {
            java.net.http.HttpClient client =
                    java.net.http.HttpClient.newBuilder().sslContext(trustAll()).build();
            HttpResponse<Void> r = client.send(
                    java.net.http.HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/timestamp.json"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("nginx: status " + r.statusCode());
            }
            return TufTimestampScenario.etag(r);
        }

        /** The benchmark's own nginx on 127.0.0.1 has a throw-away self-signed certificate: trusted as it is. */
        private static javax.net.ssl.SSLContext trustAll() {
            try {
                javax.net.ssl.SSLContext c = javax.net.ssl.SSLContext.getInstance("TLS");
                c.init(
                        null,
                        new javax.net.ssl.TrustManager[] {
                            new javax.net.ssl.X509TrustManager() {
                                @Override
                                public void checkClientTrusted(
                                        java.security.cert.X509Certificate[] chain, String authType) {}

                                @Override
                                public void checkServerTrusted(
                                        java.security.cert.X509Certificate[] chain, String authType) {}

                                @Override
                                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                                    return new java.security.cert.X509Certificate[0];
                                }
                            }
                        },
                        null);
                return c;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        static Nginx start(Path dir, byte[] file) throws IOException, InterruptedException {
            // nginx's workers run as an unprivileged user: the root and the file must be readable by others
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path www = Files.createDirectories(dir.resolve("www"));
            Files.write(www.resolve("timestamp.json"), file);
            Files.setPosixFilePermissions(
                    www.resolve("timestamp.json"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.createDirectories(dir.resolve("logs"));
            exec(List.of(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-nodes",
                    "-keyout",
                    dir.resolve("key.pem").toString(),
                    "-out",
                    dir.resolve("cert.pem").toString(),
                    "-days",
                    "2",
                    "-subj",
                    "/CN=127.0.0.1",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1"));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            // as many workers as cores; each keeps its connections open as Hallmark does
            String conf = """
                    worker_processes auto;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log warn;
                    events { worker_connections 1024; }
                    http {
                      access_log off;
                      default_type application/json;
                      keepalive_requests 1000000;
                      server {
                        listen 127.0.0.1:%2$d ssl;
                        ssl_certificate %1$s/cert.pem;
                        ssl_certificate_key %1$s/key.pem;
                        ssl_protocols TLSv1.2 TLSv1.3;
                        root %1$s/www;
                        location / { add_header Cache-Control no-cache; }
                      }
                    }
                    """.formatted(dir, port);
            Files.writeString(dir.resolve("nginx.conf"), conf);
            String nginx = onPathIn("nginx");
            Process p = new ProcessBuilder(
                            nginx,
                            "-p",
                            dir.toString(),
                            "-c",
                            dir.resolve("nginx.conf").toString(),
                            "-g",
                            "daemon off;")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("logs/stdout.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new Nginx(port, p);
                } catch (IOException notYet) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException(
                                "nginx stopped: " + Files.readString(dir.resolve("logs/stdout.log")));
                    }
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("nginx did not listen on " + port + " within 10 s");
        }

        private static String onPathIn(String tool) {
            for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                    return Path.of(d, tool).toString();
                }
            }
            throw new IllegalStateException(tool + " is not installed");
        }

        private static void exec(List<String> command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

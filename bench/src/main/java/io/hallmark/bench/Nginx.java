package io.hallmark.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The benchmarks' reference web server: Debian's nginx in the foreground with a prefix of its own, serving one static
 * file over TLS 1.3 and 1.2 (a throw-away self-signed P-256 certificate for 127.0.0.1), keep-alive, as many workers
 * as cores, no access log.
 */
final class Nginx implements AutoCloseable {
    private final int port;
    private final Path certFile;
    private final Process process;

    private Nginx(int port, Path certFile, Process process) {
        this.port = port;
        this.certFile = certFile;
        this.process = process;
    }

    /** Whether nginx and openssl (for its certificate) are installed. */
    static boolean isInstalled() {
        return onPath("nginx") != null && onPath("openssl") != null;
    }

    /** The port nginx listens on (127.0.0.1). */
    int port() {
        return port;
    }

    /** nginx's certificate (PEM), to trust it as it is. */
    Path certFile() {
        return certFile;
    }

    /** The ETag nginx gives {@code name}, read with a first plain request. */
    String etag(String name) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(trustAll()).build();
        HttpResponse<Void> r = client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/" + name))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("nginx: status " + r.statusCode());
        }
        return TufTimestampScenario.etag(r);
    }

    /** The benchmark's own nginx on 127.0.0.1 has a throw-away self-signed certificate: trusted as it is. */
    private static SSLContext trustAll() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts nginx under {@code dir} (which it owns until closed) serving {@code body} as {@code /name}, with {@code
     * Cache-Control: no-cache} and {@code type} as its content type.
     */
    static Nginx start(Path dir, String name, byte[] body, String type) throws IOException, InterruptedException {
        // nginx's workers run as an unprivileged user: the root and the file must be readable by others
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.write(www.resolve(name), body);
        Files.setPosixFilePermissions(www.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectories(dir.resolve("logs"));
        Path cert = dir.resolve("cert.pem");
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
                cert.toString(),
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
                  default_type %3$s;
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
                """.formatted(dir, port, type);
        Files.writeString(dir.resolve("nginx.conf"), conf);
        String nginx = onPath("nginx");
        if (nginx == null) {
            throw new IllegalStateException("nginx is not installed");
        }
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
                return new Nginx(port, cert, p);
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

    /** {@code tool} on the PATH or in /usr/sbin, or null. */
    static String onPath(String tool) {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return Path.of(d, tool).toString();
            }
        }
        return null;
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

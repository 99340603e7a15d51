package io.hallmark.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The TUF clients no one here wrote, for the interoperability tests: npm's {@code tuf-js} at a pinned version,
 * installed once into {@code target/tuf-js} with npm (the test is skipped when Node.js or npm is missing).
 */
final class TufClients {
    /** The tuf-js release tested; 6.x needs Node 22. */
    static final String TUF_JS = "tuf-js@5.0.1";

    private static final Path NPM_DIR = Path.of("target", "tuf-js").toAbsolutePath();

    private TufClients() {}

    /** The output of a process. */
    record Run(int exitCode, String out, String err) {}

    /** Installs tuf-js when missing and returns the folder holding its {@code node_modules}. */
    static synchronized Path tufJs() {
        Assumptions.assumeTrue(io.hallmark.testkit.Command.onPath("node"), "node is not installed: skipped");
        Assumptions.assumeTrue(io.hallmark.testkit.Command.onPath("npm"), "npm is not installed: skipped");
        Path marker = NPM_DIR.resolve("node_modules/tuf-js/package.json");
        try {
            if (!Files.isRegularFile(marker) || !Files.readString(marker).contains("\"version\": \"5.0.1\"")) {
                Files.createDirectories(NPM_DIR);
                Run r = run(
                        NPM_DIR,
                        Map.of(),
                        Duration.ofMinutes(5),
                        "npm",
                        "install",
                        "--no-audit",
                        "--no-fund",
                        "--no-save",
                        "--prefix",
                        NPM_DIR.toString(),
                        TUF_JS);
                if (r.exitCode() != 0) {
                    throw new AssertionError("npm install " + TUF_JS + " failed:\n" + r.err());
                }
            }
            Path script = NPM_DIR.resolve("tuf-js-download.js");
            try (var in = TufClients.class.getResourceAsStream("/tuf/tuf-js-download.js")) {
                Files.write(script, in.readAllBytes());
            }
            return NPM_DIR;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code command} in {@code dir} with {@code env} added, bounded by {@code timeout}. */
    static Run run(Path dir, Map<String, String> env, Duration timeout, String... command) {
        try {
            Path out = Files.createTempFile("tuf-client", ".out");
            Path err = Files.createTempFile("tuf-client", ".err");
            ProcessBuilder pb = new ProcessBuilder(List.of(command))
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
                }
            } finally {
                p.destroyForcibly();
            }
            Run r = new Run(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A TUF fetcher over the server's HTTPS repository at {@code base}: 404 is a missing file, any other status but
     * 200 an error, and at most {@code max + 1} bytes are read (the client refuses more: endless data).
     */
    static io.hallmark.protocol.tuf.TufClient.Fetcher httpFetcher(java.net.http.HttpClient http, String base) {
        return (path, max) -> {
            try {
                java.net.http.HttpResponse<java.io.InputStream> r = http.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                try (java.io.InputStream in = r.body()) {
                    if (r.statusCode() == 404) {
                        return java.util.Optional.empty();
                    }
                    if (r.statusCode() != 200) {
                        throw new IOException(path + ": HTTP " + r.statusCode());
                    }
                    return java.util.Optional.of(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        };
    }

    /** Signs with the key {@code alias} of a server's vault, as an attacker holding that key could. */
    static io.hallmark.protocol.tuf.TufSigner stolen(io.hallmark.server.vault.KeyVault vault, String alias) {
        io.hallmark.protocol.tuf.TufKey key =
                io.hallmark.protocol.tuf.TufKey.of(vault.publicKey(alias).orElseThrow());
        return new io.hallmark.protocol.tuf.TufSigner() {
            @Override
            public io.hallmark.protocol.tuf.TufKey key() {
                return key;
            }

            @Override
            public byte[] sign(byte[] data) {
                return vault.sign(alias, key.jcaAlgorithm(), data);
            }
        };
    }

    /** A device's TUF client trusting {@code root}, with the default limits and the clock fixed at now. */
    static io.hallmark.protocol.tuf.TufClient device(
            byte[] root,
            io.hallmark.protocol.tuf.TufClient.Fetcher metadata,
            io.hallmark.protocol.tuf.TufClient.Fetcher targets) {
        return new io.hallmark.protocol.tuf.TufClient(
                root,
                null,
                null,
                metadata,
                targets,
                java.time.Clock.fixed(java.time.Instant.now(), java.time.ZoneOffset.UTC),
                io.hallmark.protocol.tuf.TufLimits.DEFAULT);
    }

    /**
     * The files a lying mirror serves instead of the server's: {@code role}'s next version listing {@code targets},
     * signed by {@code signer}, under a snapshot and a timestamp newly signed with {@code org}'s snapshot and timestamp
     * keys (stolen from {@code vault}), so that only the delegation's checks are left to stop it. {@code seen} is a
     * client that has refreshed from the honest server.
     */
    static java.util.Map<String, byte[]> forgedRole(
            io.hallmark.server.vault.KeyVault vault,
            String org,
            io.hallmark.protocol.tuf.TufClient seen,
            String role,
            java.util.Map<String, io.hallmark.protocol.tuf.Metadata.TargetFile> targets,
            io.hallmark.protocol.tuf.TufSigner signer) {
        io.hallmark.protocol.tuf.Metadata.Timestamp ts =
                seen.trusted().timestamp().orElseThrow();
        io.hallmark.protocol.tuf.Metadata.Snapshot sn =
                seen.trusted().snapshot().orElseThrow();
        int version = sn.meta().get(role + ".json").version() + 1;
        java.time.Instant expires = java.time.Instant.now().plus(Duration.ofDays(1));
        byte[] forged = io.hallmark.protocol.tuf.TufCodec.write(io.hallmark.protocol.tuf.TufCodec.sign(
                new io.hallmark.protocol.tuf.Metadata.Targets(version, expires, targets, java.util.Optional.empty()),
                java.util.List.of(signer)));
        java.util.Map<String, io.hallmark.protocol.tuf.Metadata.MetaFile> meta = new java.util.HashMap<>(sn.meta());
        meta.put(role + ".json", io.hallmark.protocol.tuf.Metadata.MetaFile.of(version, forged));
        byte[] snapshot = io.hallmark.protocol.tuf.TufCodec.write(io.hallmark.protocol.tuf.TufCodec.sign(
                new io.hallmark.protocol.tuf.Metadata.Snapshot(sn.version() + 1, expires, meta),
                java.util.List.of(stolen(vault, "org." + org + ".tuf-snapshot"))));
        byte[] timestamp = io.hallmark.protocol.tuf.TufCodec.write(io.hallmark.protocol.tuf.TufCodec.sign(
                new io.hallmark.protocol.tuf.Metadata.Timestamp(
                        ts.version() + 1,
                        expires,
                        io.hallmark.protocol.tuf.Metadata.MetaFile.of(sn.version() + 1, snapshot)),
                java.util.List.of(stolen(vault, "org." + org + ".tuf-timestamp"))));
        return java.util.Map.of(
                "timestamp.json",
                timestamp,
                (sn.version() + 1) + ".snapshot.json",
                snapshot,
                version + "." + role + ".json",
                forged);
    }
}

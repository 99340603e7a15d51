package io.hallmark.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hashing a release image of {@code mib} MiB of random bytes from a file, side by side: {@link #hallmark} reads it in
 * 64 KiB blocks into a JDK {@link MessageDigest} as the server does when it stores an upload, {@link #openssl} runs
 * {@code openssl dgst -sha256|-sha512 -r FILE} (a process per shot, so its start-up of a few milliseconds is
 * included). Both read the same file from the page cache. Needs {@code openssl} on the PATH for the second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ImageHashBenchmark {
    /** The digest: {@code SHA-256} or {@code SHA-512}. */
    @Param({"SHA-256", "SHA-512"})
    public String algorithm;

    /** The image's size, MiB. */
    @Param("64")
    public int mib;

    private Path file;

    /** Writes the image. */
    @Setup(Level.Trial)
    public void image() throws IOException {
        file = Files.createTempFile("hallmark-bench-image-", ".bin");
        byte[] block = new byte[1 << 20];
        SplittableRandom random = new SplittableRandom(42);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                for (int j = 0; j < block.length; j += 8) {
                    long v = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        block[j + k] = (byte) (v >>> (8 * k));
                    }
                }
                out.write(block);
            }
        }
    }

    /** Removes the image. */
    @TearDown(Level.Trial)
    public void remove() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The JDK digest over the file, 64 KiB at a time; returns the hex digest. */
    @Benchmark
    public String hallmark() {
        return hash(file, algorithm);
    }

    /** {@code openssl dgst} over the same file; returns its hex digest. */
    @Benchmark
    public String openssl() {
        return openssl(file, algorithm);
    }

    static String hash(Path file, String algorithm) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("algorithm: " + algorithm, e);
        }
    }

    static String openssl(Path file, String algorithm) {
        String flag = "-" + algorithm.toLowerCase(java.util.Locale.ROOT).replace("-", "");
        try {
            Process p = new ProcessBuilder("openssl", "dgst", flag, "-r", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("openssl dgst failed: " + out.strip());
            }
            return out.substring(0, out.indexOf(' '));
        } catch (IOException e) {
            throw new UncheckedIOException("openssl: not runnable (install it: scripts/test-services.sh)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Whether {@code openssl} runs here. */
    static boolean opensslPresent() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

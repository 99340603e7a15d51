package io.hallmark.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the third-party test vectors (Wycheproof, x509-limbo, CycloneDX, ...), which are read where they lie and never
 * copied into the repository: system property {@code hallmark.test.vectors}, else environment variable
 * {@code HALLMARK_TEST_VECTORS}, else {@code ../shared/test-vectors} next to the checkout.
 */
public final class TestVectors {
    private TestVectors() {}

    /** The vectors directory, if present. */
    public static Optional<Path> root() {
        String dir = System.getProperty("hallmark.test.vectors", System.getenv("HALLMARK_TEST_VECTORS"));
        Path p = dir != null ? Path.of(dir) : Path.of("..", "..", "shared", "test-vectors");
        return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
    }

    /** The file at {@code relative} under the vectors, or a skipped test saying it is absent. */
    public static Path require(String relative) {
        Optional<Path> f = root().map(r -> r.resolve(relative)).filter(Files::isReadable);
        Assumptions.assumeTrue(f.isPresent(), "test vectors not present (" + relative + "): skipped");
        return f.get();
    }
}

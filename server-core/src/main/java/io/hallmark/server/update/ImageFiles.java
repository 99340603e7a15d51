package io.hallmark.server.update;

import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.server.errors.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Release images and SBOMs as files under {@code <dir>/<organization id>/<sha256>}, content-addressed: a file is
 * written to a temporary name, synced, and moved into place atomically, so a reader sees a whole file or none.
 */
public final class ImageFiles {
    private final Path dir;
    private final long maxBytes;

    /**
     * Files under {@code dir}.
     *
     * @param maxBytes the largest file accepted
     */
    public ImageFiles(Path dir, long maxBytes) {
        this.dir = Checks.notNull(dir, "dir");
        this.maxBytes = Checks.positive(maxBytes, "maxBytes");
    }

    /**
     * A stored file's digest and length.
     *
     * @param sha256 lowercase hex
     * @param length bytes
     */
    public record Stored(String sha256, long length) {}

    /** Stores the bytes of {@code in} (at most the limit) for {@code orgId}, returning their digest and length. */
    Stored store(String orgId, InputStream in) {
        try {
            Path orgDir = Files.createDirectories(dir.resolve(safe(orgId)));
            Path tmp = Files.createTempFile(orgDir, ".upload-", ".tmp");
            try {
                MessageDigest md = Hashes.digest();
                long total = 0;
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        total += n;
                        if (total > maxBytes) {
                            throw new InvalidRequestException("image: more than " + maxBytes + " bytes");
                        }
                        md.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                }
                if (total == 0) {
                    throw new InvalidRequestException("image: empty (expected: the file's bytes as the body)");
                }
                try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                String sha = Hashes.hex(md.digest());
                Path target = orgDir.resolve(sha);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return new Stored(sha, total);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("image store: " + e.getMessage(), e);
        }
    }

    /** The stored file of {@code orgId} with digest {@code sha256}, if any. */
    public Optional<Path> find(String orgId, String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Path p = dir.resolve(safe(orgId)).resolve(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private static String safe(String orgId) {
        Checks.check(orgId.matches("[A-Za-z0-9_-]{1,64}"), "orgId", orgId, "an organization id");
        return orgId;
    }
}

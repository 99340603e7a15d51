package io.hallmark.keys;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes secret files that only their owner may read (POSIX mode 0600), atomically.
 *
 * <p>The content goes to a temporary file in the target's directory that is created with mode 0600 before any byte
 * is written, is flushed to disk, and then takes the target's name in one step; a crash leaves the old file or the
 * new one, never a truncated one. On file systems without POSIX permissions the platform's defaults apply.
 */
public final class OwnerOnlyFiles {
    static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        /** Writes the bytes. */
        void writeTo(OutputStream out) throws IOException;
    }

    private OwnerOnlyFiles() {}

    /** Writes {@code target}, replacing it when it exists. */
    public static void replace(Path target, Content content) throws IOException {
        Path temp = writeTemporary(target, content);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(target);
    }

    /**
     * Writes {@code target} only if it does not exist yet.
     *
     * @throws FileAlreadyExistsException when another writer created it first
     */
    public static void create(Path target, Content content) throws IOException {
        Path temp = writeTemporary(target, content);
        try {
            // a hard link appears atomically and never replaces: two processes racing keep the first file
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links on this file system: the rename is still atomic but may replace a concurrent writer's file
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(target);
    }

    /** Whether {@code file} is readable and writable by its owner only; true where POSIX permissions do not exist. */
    static boolean isOwnerOnly(Path file) throws IOException {
        if (!isPosix(file)) {
            return true;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        return OWNER_READ_WRITE.containsAll(permissions);
    }

    private static Path writeTemporary(Path target, Content content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        boolean posix = isPosix(directory);
        if (!Files.isDirectory(directory)) {
            if (posix) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            } else {
                Files.createDirectories(directory);
            }
        }
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(directory, "." + target.getFileName(), ".tmp", attributes);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                OutputStream out = Channels.newOutputStream(channel)) {
            content.writeTo(out);
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    private static void syncDirectory(Path target) {
        // makes the rename itself durable on Linux; other platforms may refuse to open a directory, which is harmless
        try (FileChannel directory = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort: the data itself was forced before the rename
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

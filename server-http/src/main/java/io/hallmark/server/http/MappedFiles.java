package io.hallmark.server.http;

import io.hallmark.core.LruCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Read-only mappings of files that never change (hash-named release images), the most recently served kept open, so
 * that serving one again reads the page cache through a mapping that is already in place: no read into the heap, no
 * page faults. A mapping is released by the garbage collector once it is dropped from here and no answer still uses it.
 */
final class MappedFiles {
    private final LruCache<Path, MappedByteBuffer> mappings;

    /** Keeps at most {@code capacity} files mapped. */
    MappedFiles(int capacity) {
        this.mappings = new LruCache<>(capacity);
    }

    /**
     * The whole of {@code file} as a buffer of its own (position 0, limit its size), or empty when it is too large for
     * one mapping (2 GiB).
     */
    Optional<ByteBuffer> map(Path file) throws IOException {
        MappedByteBuffer m = mappings.get(file);
        if (m == null) {
            try (FileChannel ch = FileChannel.open(file)) {
                long size = ch.size();
                if (size > Integer.MAX_VALUE) {
                    return Optional.empty();
                }
                m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            }
            mappings.put(file, m);
        }
        return Optional.of(m.duplicate());
    }
}

package io.hallmark.server.update;

import io.hallmark.core.Hashes;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What the TUF routes serve, kept in memory so that the many conditional fetches of {@code timestamp.json} (TUF §5.4,
 * answered 304 by ETag, RFC 9110 §13.1.2) need no store access: per repository the current timestamp with its ETag
 * and version; the versioned files ({@code N.*.json}, never changed once written) with their ETags; and which
 * manufacturer a name or id in the URL resolves to.
 *
 * <p>Freshness: the service calls {@link #committed} right after each of its commits that wrote a new timestamp, which
 * loads the committed file; an entry is only ever replaced by one of a version not lower, so a reader that loaded an
 * older file before that commit cannot put it back. Entries are loaded again after {@link #ttlNanos} (what another
 * replica committed is seen within it). Thread-safe: immutable entries in concurrent maps.
 */
final class TufFileCache {
    /** The default time after which an entry is checked against the store again: 2 s. */
    static final long TTL_NANOS = 2_000_000_000L;

    private static final int MAX_ENTRIES = 4_096;

    /** A file as served: its bytes and its strong ETag (the quoted hex SHA-256). */
    record Served(byte[] body, String etag) {
        static Served of(byte[] body) {
            return new Served(body, "\"" + Hashes.hex(Hashes.sha256(body)) + "\"");
        }
    }

    private record Current(Served file, long version, long loadedAt) {}

    private record Resolved(String orgId, long resolvedAt) {}

    private final ConcurrentHashMap<String, Current> timestamps = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Served> versioned = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Resolved> manufacturers = new ConcurrentHashMap<>();
    private final LongSupplier nanos;
    private final long ttlNanos;
    private final ToLongFunction<byte[]> versionOf;

    /**
     * A cache reading time from {@code nanos} ({@link System#nanoTime} in the server), checking entries again after
     * {@code ttlNanos}, reading a timestamp file's version with {@code versionOf}.
     */
    TufFileCache(LongSupplier nanos, long ttlNanos, ToLongFunction<byte[]> versionOf) {
        this.nanos = nanos;
        this.ttlNanos = ttlNanos;
        this.versionOf = versionOf;
    }

    /** The manufacturer id {@code ref} resolves to, from {@code lookup} (only found ones are kept). */
    Optional<String> manufacturer(String ref, Supplier<Optional<String>> lookup) {
        long now = nanos.getAsLong();
        Resolved r = manufacturers.get(ref);
        if (r != null && now - r.resolvedAt() < ttlNanos) {
            return Optional.of(r.orgId());
        }
        Optional<String> id = lookup.get();
        if (id.isPresent()) {
            bound(manufacturers);
            manufacturers.put(ref, new Resolved(id.get(), now));
        } else {
            manufacturers.remove(ref);
        }
        return id;
    }

    /** The current timestamp of {@code orgId}, loaded with {@code load} when missing or older than the TTL. */
    Optional<Served> timestamp(String orgId, Supplier<Optional<byte[]>> load) {
        Current c = timestamps.get(orgId);
        if (c != null && nanos.getAsLong() - c.loadedAt() < ttlNanos) {
            return Optional.of(c.file());
        }
        return reload(orgId, load);
    }

    /**
     * After a commit that wrote a new timestamp of {@code orgId}: loads it with {@code load} (which reads what is
     * committed), so that no request after this call is answered with the older one.
     */
    void committed(String orgId, Supplier<Optional<byte[]>> load) {
        try {
            reload(orgId, load);
        } catch (RuntimeException e) {
            timestamps.remove(orgId); // the next request loads it
            throw e;
        }
    }

    private Optional<Served> reload(String orgId, Supplier<Optional<byte[]>> load) {
        long now = nanos.getAsLong();
        Optional<byte[]> bytes = load.get();
        if (bytes.isEmpty()) {
            timestamps.remove(orgId);
            return Optional.empty();
        }
        Current loaded = new Current(Served.of(bytes.get()), versionOf.applyAsLong(bytes.get()), now);
        // one entry per manufacturer with a repository: no bound needed
        // never back to an older version: a load that began before a commit may end after it
        Current kept = timestamps.merge(orgId, loaded, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        return Optional.of(kept.file());
    }

    /** The versioned (immutable) file {@code name} of {@code orgId}, loaded with {@code load} once. */
    Optional<Served> versioned(String orgId, String name, Supplier<Optional<byte[]>> load) {
        String key = orgId + "/" + name;
        Served s = versioned.get(key);
        if (s != null) {
            return Optional.of(s);
        }
        Optional<Served> loaded = load.get().map(Served::of);
        loaded.ifPresent(f -> {
            bound(versioned);
            versioned.putIfAbsent(key, f);
        });
        return loaded;
    }

    /** Keeps a map bounded: emptied when full (it refills from the store). */
    private static void bound(ConcurrentHashMap<String, ?> map) {
        if (map.size() >= MAX_ENTRIES) {
            map.clear();
        }
    }
}

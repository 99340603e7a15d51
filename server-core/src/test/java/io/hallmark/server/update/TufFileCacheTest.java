package io.hallmark.server.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The in-memory TUF files: a timestamp committed by this process is served from the next request on, an older one
 * loaded concurrently never comes back, and entries are checked against the store after the TTL. The "store" is a
 * reference holding the committed file; the timestamp's version is its first character.
 */
class TufFileCacheTest {
    private static final long TTL = 2_000;

    private final AtomicLong nanos = new AtomicLong(1_000_000);
    private final AtomicReference<byte[]> stored = new AtomicReference<>(file(1));
    private final AtomicInteger loads = new AtomicInteger();
    private final TufFileCache cache = new TufFileCache(nanos::get, TTL, b -> b[0] - '0');

    private static byte[] file(int version) {
        return (version + " timestamp").getBytes(StandardCharsets.UTF_8);
    }

    private Optional<byte[]> load() {
        loads.incrementAndGet();
        return Optional.ofNullable(stored.get());
    }

    private TufFileCache.Served served() {
        return cache.timestamp("org_a", this::load).orElseThrow();
    }

    @Test
    void aTimestampIsLoadedOnceAndServedFromMemoryWithinTheTtl() {
        TufFileCache.Served first = served();
        nanos.addAndGet(TTL - 1);
        TufFileCache.Served again = served();

        assertThat(again).isSameAs(first);
        assertThat(loads).hasValue(1);
        assertThat(first.etag())
                .isEqualTo("\"" + io.hallmark.core.Hashes.hex(io.hallmark.core.Hashes.sha256(file(1))) + "\"");
    }

    @Test
    void afterACommitTheNewTimestampIsServedAtOnceWithANewEtag() {
        String oldEtag = served().etag();
        stored.set(file(2)); // re-signed and committed
        cache.committed("org_a", this::load);

        TufFileCache.Served now = served();
        assertThat(now.body()).isEqualTo(file(2));
        assertThat(now.etag()).isNotEqualTo(oldEtag);
    }

    @Test
    void aLoadThatBeganBeforeACommitCannotPutTheOlderTimestampBack() {
        served();
        nanos.addAndGet(TTL); // the entry is due for a check
        // a request reads version 1 from the store; before it stores it, a commit of version 2 returns
        cache.timestamp("org_a", () -> {
            stored.set(file(2));
            cache.committed("org_a", this::load);
            return Optional.of(file(1));
        });

        assertThat(served().body()).isEqualTo(file(2));
    }

    @Test
    void anotherReplicasCommitIsSeenOnceTheTtlHasPassed() {
        served();
        stored.set(file(3)); // written by another process: no committed() here
        assertThat(served().body()).isEqualTo(file(1));

        nanos.addAndGet(TTL);
        assertThat(served().body()).isEqualTo(file(3));
    }

    @Test
    void versionedFilesAreLoadedOnceAndMissingOnesAreAskedForAgain() {
        AtomicInteger reads = new AtomicInteger();
        assertThat(cache.versioned("org_a", "2.root.json", () -> {
                    reads.incrementAndGet();
                    return Optional.empty();
                }))
                .isEmpty();
        byte[] root = "root 2".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            assertThat(cache.versioned("org_a", "2.root.json", () -> {
                                reads.incrementAndGet();
                                return Optional.of(root);
                            })
                            .orElseThrow()
                            .body())
                    .isEqualTo(root);
        }
        assertThat(reads).hasValue(2);
    }

    @Test
    void aManufacturerReferenceIsResolvedAgainAfterTheTtlAndUnknownOnesAreNotKept() {
        AtomicInteger lookups = new AtomicInteger();
        assertThat(cache.manufacturer("Nobody", () -> {
                    lookups.incrementAndGet();
                    return Optional.empty();
                }))
                .isEmpty();
        assertThat(cache.manufacturer("Nobody", () -> {
                    lookups.incrementAndGet();
                    return Optional.of("org_b");
                }))
                .contains("org_b");
        assertThat(cache.manufacturer("Nobody", Optional::empty)).contains("org_b");
        nanos.addAndGet(TTL);
        assertThat(cache.manufacturer("Nobody", Optional::empty)).isEmpty();
        assertThat(lookups).hasValue(2);
    }
}

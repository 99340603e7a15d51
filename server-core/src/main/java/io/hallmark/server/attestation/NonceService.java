package io.hallmark.server.attestation;

import io.hallmark.core.Checks;
import io.hallmark.protocol.attestation.Appraiser;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nonces for evidence freshness (RFC 9711 §4.1, RFC 9334 §10.2): 32 random bytes, issued to one device, taken once,
 * for a bounded time; a device holds at most {@value #MAX_PER_DEVICE} unused nonces (asking for more drops its
 * oldest). A taken nonce is remembered until it expires, so that a replay is told apart from an unknown nonce.
 *
 * <p>In memory: a restart forgets the nonces, and devices ask again.
 */
public final class NonceService {
    /** The most unused nonces one device may hold. */
    public static final int MAX_PER_DEVICE = 8;

    private record Entry(String serial, Instant issuedAt, boolean used) {}

    private final Clock clock;
    private final SecureRandom random;
    private final Duration lifetime;
    private final Map<String, Entry> nonces = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> perDevice = new ConcurrentHashMap<>();
    private volatile Instant lastPurge = Instant.EPOCH;

    /** Creates the service; nonces live for {@code lifetime}. */
    public NonceService(Clock clock, SecureRandom random, Duration lifetime) {
        this.clock = Checks.notNull(clock, "clock");
        this.random = Checks.notNull(random, "random");
        this.lifetime = Checks.notNull(lifetime, "lifetime");
    }

    /** How long a nonce is taken after issue. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Issues a nonce to the device with serial number {@code serial}: base64url of 32 random bytes. */
    public String issue(String serial) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Instant now = clock.instant();
        nonces.put(nonce, new Entry(serial, now, false));
        Deque<String> mine = perDevice.computeIfAbsent(serial, s -> new ArrayDeque<>());
        synchronized (mine) {
            mine.addLast(nonce);
            while (mine.size() > MAX_PER_DEVICE) {
                nonces.remove(mine.removeFirst());
            }
        }
        purge(now);
        return nonce;
    }

    /**
     * Takes {@code nonce} for the device with serial number {@code serial}: returns what was known of it before (empty
     * when never issued or forgotten) and, when it was issued to that device, marks it used, atomically, so that of
     * two uses only the first sees it unused.
     */
    public Optional<Appraiser.IssuedNonce> take(String nonce, String serial) {
        Entry[] before = new Entry[1];
        nonces.computeIfPresent(nonce, (k, e) -> {
            before[0] = e;
            // only its own device uses a nonce up: another's evidence cannot spend it
            return e.used() || !e.serial().equals(serial) ? e : new Entry(e.serial(), e.issuedAt(), true);
        });
        Entry e = before[0];
        if (e == null) {
            return Optional.empty();
        }
        Deque<String> mine = e.serial().equals(serial) ? perDevice.get(serial) : null;
        if (mine != null) {
            synchronized (mine) {
                mine.remove(nonce);
            }
        }
        return Optional.of(new Appraiser.IssuedNonce(e.serial(), e.issuedAt(), e.used()));
    }

    /** Forgets nonces issued more than twice the lifetime ago (a used one is kept that long to name replays). */
    private void purge(Instant now) {
        if (Duration.between(lastPurge, now).compareTo(lifetime) < 0) {
            return; // at most once per lifetime: a sweep is linear in the nonces held
        }
        lastPurge = now;
        Instant horizon = now.minus(lifetime.multipliedBy(2));
        nonces.entrySet().removeIf(en -> en.getValue().issuedAt().isBefore(horizon));
    }
}

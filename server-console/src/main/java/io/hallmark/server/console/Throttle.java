package io.hallmark.server.console;

import io.hallmark.core.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing at the console: after {@link #LIMIT} failed sign-ins for one user name within
 * {@link #WINDOW}, further attempts for that name are refused without checking the password until the oldest failure
 * leaves the window (OWASP Authentication Cheat Sheet, "account lockout" with automatic unlock). Kept in memory.
 */
final class Throttle {
    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int MAX_NAMES = 100_000;

    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    Throttle(Clock clock) {
        this.clock = Checks.notNull(clock, "clock");
    }

    /** Whether a sign-in for {@code name} may be tried now. */
    boolean allows(String name) {
        Deque<Instant> d = failures.get(key(name));
        if (d == null) {
            return true;
        }
        synchronized (d) {
            prune(d, clock.instant());
            return d.size() < LIMIT;
        }
    }

    /** Counts a failed sign-in for {@code name}. */
    void failed(String name) {
        if (failures.size() >= MAX_NAMES) {
            failures.clear();
        }
        Deque<Instant> d = failures.computeIfAbsent(key(name), k -> new ArrayDeque<>());
        synchronized (d) {
            prune(d, clock.instant());
            d.addLast(clock.instant());
        }
    }

    /** Forgets the failures of {@code name} after a successful sign-in. */
    void succeeded(String name) {
        failures.remove(key(name));
    }

    private static void prune(Deque<Instant> d, Instant now) {
        while (!d.isEmpty() && !now.isBefore(d.peekFirst().plus(WINDOW))) {
            d.removeFirst();
        }
    }

    private static String key(String name) {
        String n = name == null ? "" : name;
        return (n.length() > 64 ? n.substring(0, 64) : n).toLowerCase(Locale.ROOT);
    }
}

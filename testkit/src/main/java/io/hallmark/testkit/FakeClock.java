package io.hallmark.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when a test moves it; thread-safe. */
public final class FakeClock extends Clock {
    private final AtomicReference<Instant> now;

    /** A clock standing at {@code start}. */
    public FakeClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** A clock standing at the current real time, truncated to milliseconds. */
    public static FakeClock atNow() {
        return new FakeClock(Instant.ofEpochMilli(System.currentTimeMillis()));
    }

    /** Moves the clock forward. */
    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

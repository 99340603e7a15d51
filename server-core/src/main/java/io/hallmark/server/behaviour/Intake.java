package io.hallmark.server.behaviour;

/**
 * One device's intake of telemetry: a token bucket that bounds how fast it may send (by default a burst of
 * {@link #BURST} reports, then {@link #PER_SECOND} per second; the server settings {@code telemetry.intake-burst} and
 * {@code telemetry.intake-per-second} change it), and its strikes (reports refused as malformed,
 * spoofed, duplicate or too fast) within the last minute, so that a device that keeps misbehaving is flagged once per
 * minute instead of silently refused forever. Synchronized per device; times are monotonic nanoseconds.
 */
final class Intake {
    /** Reports a device may send at once. */
    static final int BURST = 20;

    /** Reports per second a device may keep sending. */
    static final double PER_SECOND = 2.0;

    /** Strikes within {@link #STRIKE_WINDOW_NANOS} that flag the device. */
    static final int STRIKES_TO_FLAG = 10;

    static final long STRIKE_WINDOW_NANOS = 60_000_000_000L;

    private final int burst;
    private final double perSecond;
    private double tokens;
    private long refilledAt;
    private int strikes;
    private long strikesSince;
    private boolean started;

    /** An intake with the default limits. */
    Intake() {
        this(BURST, PER_SECOND);
    }

    /** An intake of {@code burst} reports at once, then {@code perSecond} per second. */
    Intake(int burst, double perSecond) {
        this.burst = burst;
        this.perSecond = perSecond;
        this.tokens = burst;
    }

    /** Takes one token; false when the device sends too fast. */
    synchronized boolean admit(long now) {
        if (!started) {
            started = true;
            refilledAt = now;
            strikesSince = now;
        }
        tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /**
     * Counts one refused report.
     *
     * @return the number of strikes in the window when they reach {@link #STRIKES_TO_FLAG} (the count starts over),
     *     else 0
     */
    synchronized int strike(long now) {
        if (!started || now - strikesSince > STRIKE_WINDOW_NANOS) {
            started = true;
            strikesSince = now;
            strikes = 0;
        }
        strikes++;
        if (strikes >= STRIKES_TO_FLAG) {
            int n = strikes;
            strikes = 0;
            strikesSince = now;
            return n;
        }
        return 0;
    }
}

package io.hallmark.server.behaviour.detect;

import java.util.Arrays;

/**
 * What is normal for one device: a streaming mean and variance per {@link Metric}, the number of reports learned, and
 * the ports it listened on while it was learned. Compact (about 200 bytes with the object headers) so a million
 * devices fit in a few hundred MiB; mutable and not thread-safe: one writer per device at a time (the caller's
 * shard or per-key lock).
 *
 * <p>The first {@link Detector#WARM_UP} reports are averaged exactly (Welford's online algorithm); after that the mean
 * and variance are exponentially weighted with weight {@link Detector#ALPHA}, so the baseline follows slow change
 * (a new firmware, a new season) and forgets old behaviour.
 */
public final class Baseline {
    private static final int METRICS = Metric.all().length;
    private static final int[] NO_PORTS = new int[0];

    /** Mean and variance of metric i at 2i and 2i+1. */
    private final float[] stats = new float[2 * METRICS];

    private int samples;
    private int[] ports = NO_PORTS;

    /** How many reports were learned (saturates). */
    public int samples() {
        return samples;
    }

    /** Whether enough reports were learned to judge one. */
    public boolean warm() {
        return samples >= Detector.WARM_UP;
    }

    /** The mean of {@code m}. */
    public float mean(Metric m) {
        return stats[2 * m.ordinal()];
    }

    /** The standard deviation of {@code m}. */
    public float deviation(Metric m) {
        return (float) Math.sqrt(Math.max(0, stats[2 * m.ordinal() + 1]));
    }

    /** Learns one report's values (in {@link Metric} order). */
    void learn(float[] values) {
        if (samples < Detector.WARM_UP) {
            int n = samples + 1;
            for (int i = 0; i < METRICS; i++) {
                float mean = stats[2 * i];
                float delta = values[i] - mean;
                mean += delta / n;
                // Welford: M2 += delta * (x - newMean); the variance kept is M2 / n
                float m2 = stats[2 * i + 1] * samples + delta * (values[i] - mean);
                stats[2 * i] = mean;
                stats[2 * i + 1] = m2 / n;
            }
        } else {
            float a = Detector.ALPHA;
            for (int i = 0; i < METRICS; i++) {
                float delta = values[i] - stats[2 * i];
                float step = a * delta;
                stats[2 * i] += step;
                // exponentially weighted variance: (1 - a) * (var + delta * step)
                stats[2 * i + 1] = (1 - a) * (stats[2 * i + 1] + delta * step);
            }
        }
        if (samples < Integer.MAX_VALUE) {
            samples++;
        }
    }

    /** Whether {@code port} (packed as {@code port | protocol << 16}) was seen while learning. */
    boolean knowsPort(int packed) {
        for (int p : ports) {
            if (p == packed) {
                return true;
            }
        }
        return false;
    }

    /** Remembers a listening port while learning; at most {@link Detector#MAX_PORTS}. */
    void learnPort(int packed) {
        if (knowsPort(packed) || ports.length >= Detector.MAX_PORTS) {
            return;
        }
        int[] more = Arrays.copyOf(ports, ports.length + 1);
        more[ports.length] = packed;
        ports = more;
    }
}

package io.hallmark.server.behaviour.detect;

import io.hallmark.core.Checks;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The maker's limits for a product's devices, per {@link Metric} (a device above one is wrong whatever its own
 * history says; this also covers a device compromised before its baseline was learned).
 */
public final class Thresholds {
    /** No limits. */
    public static final Thresholds NONE = new Thresholds(Map.of());

    private final float[] max;
    private final Map<Metric, Double> given;

    private Thresholds(Map<Metric, Double> limits) {
        this.max = new float[Metric.all().length];
        java.util.Arrays.fill(max, Float.POSITIVE_INFINITY);
        EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
        limits.forEach((m, v) -> {
            Checks.notNull(m, "metric");
            Checks.check(v != null && v >= 0 && v <= 1e15, "limit of " + m.wire(), v, "0..1e15");
            max[m.ordinal()] = v.floatValue();
            copy.put(m, v);
        });
        this.given = Map.copyOf(copy);
    }

    /** Limits for the metrics in {@code limits}; the others are unlimited. */
    public static Thresholds of(Map<Metric, Double> limits) {
        Checks.notNull(limits, "limits");
        return limits.isEmpty() ? NONE : new Thresholds(limits);
    }

    /** The limit of {@code m}, when there is one. */
    public Optional<Double> limit(Metric m) {
        return Optional.ofNullable(given.get(m));
    }

    /** Every limit given. */
    public Map<Metric, Double> limits() {
        return given;
    }

    float max(Metric m) {
        return max[m.ordinal()];
    }
}

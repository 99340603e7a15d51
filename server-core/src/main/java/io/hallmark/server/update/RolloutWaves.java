package io.hallmark.server.update;

import io.hallmark.server.errors.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The waves of a rollout: cumulative shares of the selected devices ({@code 1%}, {@code 10%}, {@code 100%}) or
 * cumulative device counts ({@code 10}, {@code 100}), strictly increasing, 1 to 16 of them, one kind only.
 */
public final class RolloutWaves {
    /** The most waves a rollout has. */
    public static final int MAX_WAVES = 16;

    private static final Pattern WAVE = Pattern.compile("([0-9]{1,9})(%?)");

    private RolloutWaves() {}

    /**
     * Checks {@code waves} and returns them normalized.
     *
     * @throws InvalidRequestException when they are not 1..16 increasing percentages (1..100) or counts (>= 1)
     */
    public static List<String> parse(List<String> waves) {
        if (waves == null || waves.isEmpty() || waves.size() > MAX_WAVES) {
            throw new InvalidRequestException("waves: expected 1 to " + MAX_WAVES + " waves");
        }
        List<String> out = new ArrayList<>();
        Boolean percent = null;
        long last = 0;
        for (String w : waves) {
            Matcher m = w == null ? null : WAVE.matcher(w.strip());
            if (m == null || !m.matches()) {
                throw new InvalidRequestException("waves: '" + shorten(w) + "' (expected: a percentage like 10% or a"
                        + " device count like 100)");
            }
            long v = Long.parseLong(m.group(1));
            boolean p = !m.group(2).isEmpty();
            if (percent != null && percent != p) {
                throw new InvalidRequestException("waves: mix percentages and counts (expected: one kind)");
            }
            percent = p;
            if (v <= last || (p && v > 100)) {
                throw new InvalidRequestException(
                        "waves: " + w.strip() + " (expected: increasing" + (p ? ", at most 100%" : "") + ")");
            }
            last = v;
            out.add(v + (p ? "%" : ""));
        }
        return List.copyOf(out);
    }

    /** The cumulative device counts of checked {@code waves} over {@code total} devices (each at least 1, at most total). */
    public static List<Long> counts(List<String> waves, long total) {
        List<Long> counts = new ArrayList<>();
        for (String w : waves) {
            long c = w.endsWith("%")
                    ? Math.ceilDiv(total * Long.parseLong(w.substring(0, w.length() - 1)), 100)
                    : Long.parseLong(w);
            counts.add(Math.max(1, Math.min(total, c)));
        }
        return List.copyOf(counts);
    }

    private static String shorten(String s) {
        return s == null ? "null" : s.length() > 32 ? s.substring(0, 32) + "..." : s;
    }
}

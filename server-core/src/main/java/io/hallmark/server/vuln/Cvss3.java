package io.hallmark.server.vuln;

import io.hallmark.core.UntrustedInputException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A CVSS v3.0/v3.1 vector and its base score, as FIRST's "CVSS v3.1 Specification Document" §7.1 (base metric
 * equations) and Appendix A (Roundup) define them. The vector comes from advisories, so it is untrusted: every base
 * metric exactly once, known values only; temporal and environmental metrics are accepted and do not change the base
 * score.
 *
 * @param vector the vector as given
 * @param baseScore the base score, 0.0 to 10.0
 */
public record Cvss3(String vector, double baseScore) {
    /** Longest vector read (all base, temporal and environmental metrics fit in well under this). */
    static final int MAX_LENGTH = 256;

    private static final Map<String, Set<String>> METRICS = new HashMap<>();

    static {
        METRICS.put("AV", Set.of("N", "A", "L", "P"));
        METRICS.put("AC", Set.of("L", "H"));
        METRICS.put("PR", Set.of("N", "L", "H"));
        METRICS.put("UI", Set.of("N", "R"));
        METRICS.put("S", Set.of("U", "C"));
        METRICS.put("C", Set.of("H", "L", "N"));
        METRICS.put("I", Set.of("H", "L", "N"));
        METRICS.put("A", Set.of("H", "L", "N"));
        // temporal (§3) and environmental (§4) metrics: read, not scored here
        METRICS.put("E", Set.of("X", "H", "F", "P", "U"));
        METRICS.put("RL", Set.of("X", "U", "W", "T", "O"));
        METRICS.put("RC", Set.of("X", "C", "R", "U"));
        for (String r : new String[] {"CR", "IR", "AR"}) {
            METRICS.put(r, Set.of("X", "H", "M", "L"));
        }
        METRICS.put("MAV", Set.of("X", "N", "A", "L", "P"));
        METRICS.put("MAC", Set.of("X", "L", "H"));
        METRICS.put("MPR", Set.of("X", "N", "L", "H"));
        METRICS.put("MUI", Set.of("X", "N", "R"));
        METRICS.put("MS", Set.of("X", "U", "C"));
        for (String m : new String[] {"MC", "MI", "MA"}) {
            METRICS.put(m, Set.of("X", "H", "L", "N"));
        }
    }

    private static final String[] BASE = {"AV", "AC", "PR", "UI", "S", "C", "I", "A"};

    /** Parses a {@code CVSS:3.0/...} or {@code CVSS:3.1/...} vector and computes its base score. */
    public static Cvss3 parse(String vector) {
        if (vector == null || vector.length() > MAX_LENGTH) {
            throw new UntrustedInputException("cvss: missing or longer than " + MAX_LENGTH + " characters");
        }
        if (!vector.startsWith("CVSS:3.0/") && !vector.startsWith("CVSS:3.1/")) {
            throw new UntrustedInputException("cvss: " + shorten(vector) + " (expected: CVSS:3.0/ or CVSS:3.1/ ...)");
        }
        Map<String, String> m = new HashMap<>();
        for (String part : vector.substring(9).split("/", -1)) {
            int colon = part.indexOf(':');
            String key = colon < 0 ? part : part.substring(0, colon);
            String value = colon < 0 ? "" : part.substring(colon + 1);
            Set<String> allowed = METRICS.get(key);
            if (allowed == null || !allowed.contains(value)) {
                throw new UntrustedInputException("cvss: metric " + shorten(part) + " is not a CVSS v3 metric value");
            }
            if (m.put(key, value) != null) {
                throw new UntrustedInputException("cvss: metric " + key + " given twice");
            }
        }
        for (String b : BASE) {
            if (!m.containsKey(b)) {
                throw new UntrustedInputException("cvss: base metric " + b + " missing");
            }
        }
        return new Cvss3(vector, score(m));
    }

    /** The qualitative rating of the base score (§5): none, low, medium, high or critical. */
    public String severity() {
        return rating(baseScore);
    }

    /** The qualitative rating of a CVSS score (CVSS v3.1 §5). */
    public static String rating(double score) {
        if (score == 0.0) {
            return "none";
        }
        if (score < 4.0) {
            return "low";
        }
        if (score < 7.0) {
            return "medium";
        }
        return score < 9.0 ? "high" : "critical";
    }

    private static double score(Map<String, String> m) {
        boolean changed = m.get("S").equals("C");
        double av =
                switch (m.get("AV")) {
                    case "N" -> 0.85;
                    case "A" -> 0.62;
                    case "L" -> 0.55;
                    default -> 0.2;
                };
        double ac = m.get("AC").equals("L") ? 0.77 : 0.44;
        double pr =
                switch (m.get("PR")) {
                    case "N" -> 0.85;
                    case "L" -> changed ? 0.68 : 0.62;
                    default -> changed ? 0.5 : 0.27;
                };
        double ui = m.get("UI").equals("N") ? 0.85 : 0.62;
        double iss = 1 - (1 - cia(m.get("C"))) * (1 - cia(m.get("I"))) * (1 - cia(m.get("A")));
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av * ac * pr * ui;
        if (impact <= 0) {
            return 0.0;
        }
        return changed
                ? roundup(Math.min(1.08 * (impact + exploitability), 10))
                : roundup(Math.min(impact + exploitability, 10));
    }

    private static double cia(String v) {
        return switch (v) {
            case "H" -> 0.56;
            case "L" -> 0.22;
            default -> 0.0;
        };
    }

    /** Appendix A: the smallest number with one decimal that is equal to or higher than the input. */
    static double roundup(double input) {
        long intInput = Math.round(input * 100000);
        if (intInput % 10000 == 0) {
            return intInput / 100000.0;
        }
        return (Math.floor(intInput / 10000.0) + 1) / 10.0;
    }

    private static String shorten(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}

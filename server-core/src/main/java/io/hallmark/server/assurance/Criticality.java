package io.hallmark.server.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an imported OSV advisory (OSV schema 1.x) is critical for the label, without I/O.
 *
 * <p>An advisory is critical when any of: it is known to be exploited (as the import decided), a {@code severity[]}
 * entry of type {@code CVSS_V3} has a base score of 9.0 or more (CVSS v3.1 specification §7.1, with its
 * {@code Roundup}; a v3.0 vector is scored the same way), or a severity text of {@code CRITICAL} is given in
 * {@code database_specific.severity} (GitHub's records) or {@code affected[].ecosystem_specific.severity}. The
 * "critical" band is CVSS's own (v3.1 §5: 9.0-10.0). CVSS v2 and v4 vectors are not scored here; such records count
 * as critical only by their severity text or by being exploited.
 */
final class Criticality {
    /** The lowest CVSS base score rated critical (CVSS v3.1 §5). */
    static final double CRITICAL_SCORE = 9.0;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Criticality() {}

    /**
     * Why an advisory is critical, or empty when it is not.
     *
     * @param json the advisory as imported
     * @param exploited whether the import found it known to be exploited
     */
    static Optional<String> why(String json, boolean exploited) {
        JsonNode r = tree(json);
        Optional<Double> score = maxCvssV3(r);
        if (score.isPresent() && score.get() >= CRITICAL_SCORE) {
            return Optional.of("CVSS " + score.get());
        }
        if (exploited) {
            return Optional.of("known exploited");
        }
        if (isCritical(r.path("database_specific").path("severity"))) {
            return Optional.of("severity CRITICAL");
        }
        for (JsonNode a : r.path("affected")) {
            if (isCritical(a.path("ecosystem_specific").path("severity"))) {
                return Optional.of("severity CRITICAL");
            }
        }
        return Optional.empty();
    }

    /**
     * When the vulnerability became known: the record's {@code published} time, else its {@code modified} time (which
     * OSV requires), else {@code fallback}.
     */
    static Instant knownSince(String json, Instant fallback) {
        JsonNode r = tree(json);
        for (String field : new String[] {"published", "modified"}) {
            JsonNode t = r.path(field);
            if (t.isTextual()) {
                try {
                    return OffsetDateTime.parse(t.textValue()).toInstant();
                } catch (DateTimeParseException e) {
                    // not RFC 3339: try the next field
                }
            }
        }
        return fallback;
    }

    /** The highest CVSS v3 base score among the record's {@code severity[]} entries. */
    static Optional<Double> maxCvssV3(JsonNode record) {
        Optional<Double> best = Optional.empty();
        for (JsonNode s : record.path("severity")) {
            if ("CVSS_V3".equals(s.path("type").asText()) && s.path("score").isTextual()) {
                Optional<Double> v = cvssV3BaseScore(s.path("score").textValue());
                if (v.isPresent() && (best.isEmpty() || v.get() > best.get())) {
                    best = v;
                }
            }
        }
        return best;
    }

    /**
     * The base score of a CVSS v3.0 or v3.1 vector ({@code CVSS:3.1/AV:N/AC:L/...}), CVSS v3.1 specification §7.1 and
     * Appendix A; empty when the vector is not well formed or lacks a base metric.
     */
    static Optional<Double> cvssV3BaseScore(String vector) {
        if (vector == null || !(vector.startsWith("CVSS:3.1/") || vector.startsWith("CVSS:3.0/"))) {
            return Optional.empty();
        }
        Map<String, String> m = new HashMap<>();
        for (String part : vector.substring(9).split("/", -1)) {
            int colon = part.indexOf(':');
            if (colon <= 0 || m.putIfAbsent(part.substring(0, colon), part.substring(colon + 1)) != null) {
                return Optional.empty();
            }
        }
        String scope = m.get("S");
        if (!"U".equals(scope) && !"C".equals(scope)) {
            return Optional.empty();
        }
        boolean changed = scope.equals("C");
        double av = weight(m.get("AV"), "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
        double ac = weight(m.get("AC"), "L", 0.77, "H", 0.44);
        double pr = weight(m.get("PR"), "N", 0.85, "L", changed ? 0.68 : 0.62, "H", changed ? 0.5 : 0.27);
        double ui = weight(m.get("UI"), "N", 0.85, "R", 0.62);
        double c = weight(m.get("C"), "H", 0.56, "L", 0.22, "N", 0);
        double i = weight(m.get("I"), "H", 0.56, "L", 0.22, "N", 0);
        double a = weight(m.get("A"), "H", 0.56, "L", 0.22, "N", 0);
        if (av < 0 || ac < 0 || pr < 0 || ui < 0 || c < 0 || i < 0 || a < 0) {
            return Optional.empty();
        }
        double iss = 1 - ((1 - c) * (1 - i) * (1 - a));
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av * ac * pr * ui;
        if (impact <= 0) {
            return Optional.of(0.0);
        }
        double sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
        return Optional.of(roundUp(Math.min(sum, 10)));
    }

    /** CVSS v3.1 Appendix A {@code Roundup}: the smallest one-decimal number not below the input. */
    static double roundUp(double input) {
        long n = Math.round(input * 100_000);
        if (n % 10_000 == 0) {
            return n / 100_000.0;
        }
        return (Math.floor(n / 10_000.0) + 1) / 10.0;
    }

    /** The weight of {@code value} among the (name, weight) pairs; -1 when absent or unknown. */
    private static double weight(String value, Object... pairs) {
        for (int k = 0; k < pairs.length; k += 2) {
            if (pairs[k].equals(value)) {
                return ((Number) pairs[k + 1]).doubleValue();
            }
        }
        return -1;
    }

    private static boolean isCritical(JsonNode severity) {
        return severity.isTextual()
                && severity.textValue().strip().toUpperCase(Locale.ROOT).equals("CRITICAL");
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            // stored records were parsed at import; an unreadable one rates as nothing
            return JSON.createObjectNode();
        }
    }
}

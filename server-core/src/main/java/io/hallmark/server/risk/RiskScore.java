package io.hallmark.server.risk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The risk score of one device, 0 to 100, from four factors (docs/risk-score.md gives the reasons for the weights):
 *
 * <pre>
 * findings    = min(40, 25 x critical + 10 x high + 4 x medium + 1 x low)   open fleet-audit findings of the device
 * alerts      = min(30, 20 x critical + 10 x high + 4 x medium + 1 x low)   unresolved behaviour alerts
 * attestation = contraindicated 30, warning 10, unknown (no result) 5, affirming 0
 * exposure    = min(40, 30 x exploited + 15 x critical + 8 x high)          advisories affecting its firmware release
 * score       = min(100, findings + alerts + attestation + exposure)
 * </pre>
 *
 * An exploited advisory counts as exploited only, whatever its rating. Pure: the counts are handed in.
 */
public final class RiskScore {
    /** Cap of the findings factor. */
    public static final int FINDINGS_CAP = 40;
    /** Cap of the alerts factor. */
    public static final int ALERTS_CAP = 30;
    /** Cap of the exposure factor. */
    public static final int EXPOSURE_CAP = 40;

    private RiskScore() {}

    /**
     * Counts by severity.
     *
     * @param critical critical ones
     * @param high high ones
     * @param medium medium ones
     * @param low low ones
     */
    public record Counts(long critical, long high, long medium, long low) {
        /** No counts. */
        public static final Counts NONE = new Counts(0, 0, 0, 0);

        /** These counts with one more of {@code severity} (LOW..CRITICAL, any case) times {@code n}. */
        public Counts plus(String severity, long n) {
            return switch (severity.toUpperCase(Locale.ROOT)) {
                case "CRITICAL" -> new Counts(critical + n, high, medium, low);
                case "HIGH" -> new Counts(critical, high + n, medium, low);
                case "MEDIUM" -> new Counts(critical, high, medium + n, low);
                default -> new Counts(critical, high, medium, low + n);
            };
        }

        boolean isEmpty() {
            return critical + high + medium + low == 0;
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            if (critical > 0) {
                parts.add(critical + " critical");
            }
            if (high > 0) {
                parts.add(high + " high");
            }
            if (medium > 0) {
                parts.add(medium + " medium");
            }
            if (low > 0) {
                parts.add(low + " low");
            }
            return String.join(", ", parts);
        }
    }

    /** The latest attestation result's status. */
    public enum Attestation {
        /** Evidence shows the device is not what it should be. */
        CONTRAINDICATED(30),
        /** Something is off. */
        WARNING(10),
        /** No result, or a result that says nothing. */
        UNKNOWN(5),
        /** All good. */
        AFFIRMING(0);

        private final int points;

        Attestation(int points) {
            this.points = points;
        }

        /** The points this status adds. */
        public int points() {
            return points;
        }
    }

    /**
     * Advisories affecting the device's firmware release.
     *
     * @param exploited known exploited ones
     * @param critical critical ones (CVSS 9.0 or more, or rated critical), not exploited
     * @param high high ones (CVSS 7.0 to 8.9, or rated high), not exploited
     */
    public record Exposure(long exploited, long critical, long high) {
        /** None. */
        public static final Exposure NONE = new Exposure(0, 0, 0);
    }

    /**
     * One factor's contribution.
     *
     * @param factor findings, alerts, attestation or exposure
     * @param detail what was counted
     * @param points points added, after the factor's cap
     */
    public record Factor(String factor, String detail, int points) {}

    /**
     * A score and its factors, largest first (factors adding nothing left out, except a clean attestation).
     *
     * @param score 0..100
     * @param factors the contributions
     */
    public record Result(int score, List<Factor> factors) {}

    /** Scores one device. */
    public static Result score(Counts findings, Counts alerts, Attestation attestation, Exposure exposure) {
        List<Factor> factors = new ArrayList<>();
        if (!findings.isEmpty()) {
            factors.add(new Factor(
                    "findings", "open fleet-audit findings: " + findings, weighted(findings, 25, 10, 4, FINDINGS_CAP)));
        }
        if (!alerts.isEmpty()) {
            factors.add(new Factor(
                    "alerts", "unresolved behaviour alerts: " + alerts, weighted(alerts, 20, 10, 4, ALERTS_CAP)));
        }
        factors.add(new Factor(
                "attestation",
                "latest attestation: " + attestation.name().toLowerCase(Locale.ROOT),
                attestation.points()));
        long e = 30 * exposure.exploited() + 15 * exposure.critical() + 8 * exposure.high();
        if (e > 0) {
            factors.add(new Factor(
                    "exposure",
                    "advisories on its firmware: " + exposure.exploited() + " exploited, " + exposure.critical()
                            + " critical, " + exposure.high() + " high",
                    (int) Math.min(EXPOSURE_CAP, e)));
        }
        int sum = factors.stream().mapToInt(Factor::points).sum();
        factors.sort(Comparator.comparingInt(Factor::points).reversed());
        return new Result(Math.min(100, sum), List.copyOf(factors));
    }

    private static int weighted(Counts c, int critical, int high, int medium, int cap) {
        long sum = critical * c.critical() + high * c.high() + medium * c.medium() + c.low();
        return (int) Math.min(cap, sum);
    }
}

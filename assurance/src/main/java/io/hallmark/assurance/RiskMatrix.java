package io.hallmark.assurance;

import io.hallmark.assurance.Assessment.RiskLevel;
import io.hallmark.core.Checks;

/**
 * The one risk matrix of Hallmark: 5 likelihoods by 5 impacts.
 *
 * <p>Likelihood comes from the attack potential a path requires (ISO/IEC 18045 B.4 Table 4): the weaker the attacker
 * who suffices, the more likely the attack. Impact is the highest value, over confidentiality, integrity and
 * availability, of the assets the threat targets (1 negligible, 2 minor, 3 moderate, 4 major, 5 severe).
 *
 * <pre>
 * likelihood \ impact        1 negl.   2 minor   3 moder.  4 major   5 severe
 * 5 almost certain (Basic)   MEDIUM    HIGH      HIGH      CRITICAL  CRITICAL
 * 4 likely (Enhanced-Basic)  LOW       MEDIUM    HIGH      HIGH      CRITICAL
 * 3 possible (Moderate)      LOW       MEDIUM    MEDIUM    HIGH      HIGH
 * 2 unlikely (High)          LOW       LOW       MEDIUM    MEDIUM    HIGH
 * 1 rare (Beyond-High)       LOW       LOW       LOW       MEDIUM    MEDIUM
 * </pre>
 *
 * A path that is not exploitable (window of opportunity {@code none}) has likelihood 0 and risk {@code NONE}.
 */
final class RiskMatrix {
    private static final RiskLevel L = RiskLevel.LOW;
    private static final RiskLevel M = RiskLevel.MEDIUM;
    private static final RiskLevel H = RiskLevel.HIGH;
    private static final RiskLevel C = RiskLevel.CRITICAL;

    // rows: likelihood 1..5, columns: impact 1..5; the table of the class comment, bottom row first
    private static final RiskLevel[][] CELLS = {
        {L, L, L, M, M},
        {L, L, M, M, H},
        {L, M, M, H, H},
        {L, M, H, H, C},
        {M, H, H, C, C},
    };

    private RiskMatrix() {}

    /** Likelihood 0..5 of a path with this attack potential. */
    static int likelihood(AttackPotentialResult potential) {
        if (!potential.exploitable()) {
            return 0;
        }
        return switch (potential.rating()) {
            case BASIC -> 5;
            case ENHANCED_BASIC -> 4;
            case MODERATE -> 3;
            case HIGH -> 2;
            case BEYOND_HIGH -> 1;
        };
    }

    /** The cell at {@code likelihood} 0..5 and {@code impact} 1..5. */
    static RiskLevel level(int likelihood, int impact) {
        Checks.inRange(likelihood, 0, 5, "likelihood");
        Checks.inRange(impact, 1, 5, "impact");
        return likelihood == 0 ? RiskLevel.NONE : CELLS[likelihood - 1][impact - 1];
    }
}

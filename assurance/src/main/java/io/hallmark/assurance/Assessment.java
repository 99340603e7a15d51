package io.hallmark.assurance;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The result of assessing one product profile: the level reached against the target, why higher levels are blocked,
 * the risk register, catalog coverage, IEC 62443 security levels, CRA readiness, every finding, and footnotes for
 * catalog entries whose transcription is not settled.
 *
 * @param product the product's name
 * @param vertical {@code consumer}, {@code industrial} or {@code medical}
 * @param target the level the profile aims at
 * @param reached the highest level whose rules, and the rules of every level below, hold
 * @param blockers why each level above {@code reached}, up to {@code target}, is not reached
 * @param riskRegister one entry per threat, in profile order
 * @param coverage one entry per declared catalog
 * @param securityLevels IEC 62443 achieved security level per foundational requirement, empty when not declared
 * @param cra the CRA Annex I readiness summary
 * @param findings every finding, in the order found
 * @param footnotes catalog entries used by the profile that carry a verification mark
 */
public record Assessment(
        String product,
        String vertical,
        Level target,
        Level reached,
        List<Blocker> blockers,
        List<Risk> riskRegister,
        List<CatalogCoverage> coverage,
        List<SecurityLevel> securityLevels,
        CraReadiness cra,
        List<Finding> findings,
        List<Footnote> footnotes) {

    /** Copies the lists. */
    public Assessment {
        blockers = List.copyOf(blockers);
        riskRegister = List.copyOf(riskRegister);
        coverage = List.copyOf(coverage);
        securityLevels = List.copyOf(securityLevels);
        findings = List.copyOf(findings);
        footnotes = List.copyOf(footnotes);
    }

    /** Whether the target level is reached; the command's exit code is 0 when it is and 3 when it is not. */
    @JsonProperty("target_reached")
    public boolean targetReached() {
        return reached.compareTo(target) >= 0;
    }

    /**
     * Why one level is not reached.
     *
     * @param level the level blocked
     * @param id the rule's stable id, e.g. {@code assurance.level.declaration-missing}
     * @param reason what is missing, naming the entry, file or value
     */
    public record Blocker(Level level, String id, String reason) {}

    /** How bad a risk is, per the matrix of {@link RiskMatrix}. */
    public enum RiskLevel {
        /** The path is not exploitable. */
        NONE,
        /** Accept. */
        LOW,
        /** Reduce when practical. */
        MEDIUM,
        /** Reduce, or accept with a recorded justification. */
        HIGH,
        /** Reduce before release, or accept with a recorded justification. */
        CRITICAL
    }

    /**
     * One line of the risk register.
     *
     * @param threat the threat id
     * @param title the threat's title
     * @param attackPotential its attack potential
     * @param likelihood 1 (rare) to 5 (almost certain), 0 when not exploitable
     * @param impact 1 (negligible) to 5 (severe): the highest value of the targeted assets
     * @param level the matrix cell
     * @param mitigations the security functions named
     * @param acceptance the recorded acceptance, empty when none
     */
    public record Risk(
            String threat,
            String title,
            AttackPotentialResult attackPotential,
            int likelihood,
            int impact,
            RiskLevel level,
            List<String> mitigations,
            String acceptance) {}

    /**
     * Coverage of one catalog by the profile's claims.
     *
     * @param catalog catalog id
     * @param version catalog version
     * @param requirements entries counted (IEC 62443 entries without component requirement are left out)
     * @param met claimed met
     * @param notMet claimed not met
     * @param notApplicable claimed not applicable
     * @param unclaimed without a claim
     * @param mandatory entries that must be met or justified (for IEC 62443-4-2: those required up to the SL-T)
     * @param mandatorySatisfied those that are
     * @param gaps entry ids that are mandatory and neither met nor justified, or unclaimed
     */
    public record CatalogCoverage(
            String catalog,
            String version,
            int requirements,
            int met,
            int notMet,
            int notApplicable,
            int unclaimed,
            int mandatory,
            int mandatorySatisfied,
            List<String> gaps) {}

    /**
     * IEC 62443 security level of one foundational requirement.
     *
     * @param fr {@code FR1} to {@code FR7}
     * @param name its name
     * @param target SL-T from the profile, 0 when none
     * @param achieved the highest SL whose every component requirement and enhancement is met or justified
     * @param missing entries required up to the target that are neither
     */
    public record SecurityLevel(String fr, String name, int target, int achieved, List<String> missing) {}

    /**
     * CRA readiness: Annex I Parts I and II, and the commitments the Regulation asks for.
     *
     * @param assessed whether the profile declares the CRA catalog
     * @param ready assessed and without gaps
     * @param met requirements claimed met
     * @param notMet claimed not met
     * @param notApplicable claimed not applicable
     * @param unclaimed without a claim
     * @param gaps what stands in the way, each naming the requirement or article
     * @param conformityAssessment the Art. 32 route the product's class allows
     */
    public record CraReadiness(
            boolean assessed,
            boolean ready,
            int met,
            int notMet,
            int notApplicable,
            int unclaimed,
            List<String> gaps,
            String conformityAssessment) {}

    /**
     * A catalog entry shown with its verification mark.
     *
     * @param number 1-based footnote number
     * @param catalog catalog id
     * @param requirement entry id
     * @param mark {@code verify: true}, {@code verification: inferred} or {@code UNVERIFIED}
     * @param note the catalog's source note, empty when none
     */
    public record Footnote(int number, String catalog, String requirement, String mark, String note) {}
}

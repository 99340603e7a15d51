package io.hallmark.assurance;

import io.hallmark.assurance.Assessment.Blocker;
import io.hallmark.assurance.AttackPotentialResult.Rating;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules of the assurance levels, all in this one place. Each level includes every level below it; the level
 * reached is the highest whose rules and all lower levels' rules hold.
 *
 * <ul>
 *   <li><b>L1 self-assessment</b>: the profile is complete (product, assets, interfaces, threats each with its attack
 *       path, security functions each with evidence,
 *       privacy impact, support period end, vulnerability disclosure contact, a claim for every entry of every
 *       declared catalog, a treatment for every HIGH or CRITICAL risk; for industrial products an IEC 62443 SL-T); the
 *       baseline catalog is declared (ETSI EN 303 645 for consumer and medical products, IEC 62443-4-2 for industrial
 *       ones); and every mandatory baseline entry is declared met, or, when its status is conditional, not
 *       applicable with a justification (for IEC 62443-4-2: every entry required up to the SL-T of its FR).
 *       Blocker ids {@code assurance.level.profile-incomplete}, {@code assurance.level.baseline-missing},
 *       {@code assurance.level.baseline-gap}.
 *   <li><b>L2 self-certification</b>: plus a declaration signed by the manufacturer over this exact profile, and the
 *       life-cycle evidence: a published disclosure policy, a published support period, an SBOM whose digest
 *       matches, a signed update channel with its evidence, and every evidence file present with its digest.
 *       Blocker ids {@code assurance.level.declaration-missing}, {@code assurance.level.declaration-invalid},
 *       {@code assurance.level.life-cycle-gap}.
 *   <li><b>L3 external assessment</b>: plus an assessor organization's signed review of this exact profile with the
 *       outcome {@code pass}. Blocker ids {@code assurance.level.review-missing}, {@code assurance.level.review-invalid}.
 *   <li><b>L4 external certification</b>: plus a certification body's signed certificate of this exact profile that
 *       states an AVA_VAN component (CC Part 3) which resists the assessed attack potential: every exploitable attack
 *       path must score above the band the component resists (AVA_VAN.3 resists Enhanced-Basic, so every path needs
 *       14 or more). For industrial products, the certificate also states the IEC 62443 SL per FR, which, like the
 *       achieved SL computed from the claims, must reach the SL-T. Blocker ids
 *       {@code assurance.level.certification-missing}, {@code assurance.level.certification-invalid},
 *       {@code assurance.level.ava-van-insufficient}, {@code assurance.level.security-level-below-target}.
 * </ul>
 */
final class LevelRules {
    private LevelRules() {}

    /**
     * What the rules look at, gathered by the assessment.
     *
     * @param target the level aimed at
     * @param industrial whether the vertical is industrial
     * @param incomplete what the profile lacks, one text each
     * @param baselineCatalog the baseline catalog's id for this vertical
     * @param baselineDeclared whether the profile declares it
     * @param baselineGaps baseline entries not met or not justified (ids)
     * @param declaration the manufacturer's declaration
     * @param lifeCycleGaps what the life-cycle evidence lacks, one text each
     * @param review the assessor's review
     * @param certification the certification body's certificate
     * @param weakestPath the threat whose exploitable path scores lowest, null when none is exploitable
     * @param weakestSum its sum
     * @param slTarget SL-T per FR
     * @param slAchieved achieved SL per FR from the claims
     */
    record Facts(
            Level target,
            boolean industrial,
            List<String> incomplete,
            String baselineCatalog,
            boolean baselineDeclared,
            List<String> baselineGaps,
            StatementChecks.Outcome declaration,
            List<String> lifeCycleGaps,
            StatementChecks.Outcome review,
            StatementChecks.Outcome certification,
            String weakestPath,
            int weakestSum,
            Map<String, Integer> slTarget,
            Map<String, Integer> slAchieved) {}

    /** The level reached and the blockers of every level above it up to the target. */
    record Decision(Level reached, List<Blocker> blockers) {}

    static Decision decide(Facts f, AttackPotentialTable table) {
        List<Blocker> all = new ArrayList<>();
        Level reached = Level.NONE;
        boolean lowerHeld = true;
        for (Level level : List.of(Level.L1, Level.L2, Level.L3, Level.L4)) {
            List<Blocker> blockers = rules(level, f, table);
            if (lowerHeld && blockers.isEmpty()) {
                reached = level;
            } else {
                lowerHeld = false;
            }
            if (level.compareTo(f.target()) <= 0) {
                all.addAll(blockers);
            }
        }
        return new Decision(reached, all);
    }

    private static List<Blocker> rules(Level level, Facts f, AttackPotentialTable table) {
        List<Blocker> b = new ArrayList<>();
        switch (level) {
            case L1 -> {
                for (String what : f.incomplete()) {
                    b.add(new Blocker(level, "assurance.level.profile-incomplete", what));
                }
                if (!f.baselineDeclared()) {
                    b.add(new Blocker(
                            level,
                            "assurance.level.baseline-missing",
                            "baseline catalog " + f.baselineCatalog() + " not declared"));
                }
                for (String id : f.baselineGaps()) {
                    b.add(new Blocker(
                            level,
                            "assurance.level.baseline-gap",
                            f.baselineCatalog() + " " + id + " is mandatory and neither met nor justified"));
                }
            }
            case L2 -> {
                statement(b, level, f.declaration(), "declaration", "the manufacturer's signed declaration");
                for (String what : f.lifeCycleGaps()) {
                    b.add(new Blocker(level, "assurance.level.life-cycle-gap", what));
                }
            }
            case L3 -> {
                statement(b, level, f.review(), "review", "an assessor organization's signed review");
                if (f.review().valid()
                        && !"pass".equals(f.review().payload().path("outcome").asText())) {
                    b.add(new Blocker(
                            level,
                            "assurance.level.review-invalid",
                            "review outcome: "
                                    + f.review().payload().path("outcome").asText() + " (expected: pass)"));
                }
            }
            default -> {
                statement(b, level, f.certification(), "certification", "a certification body's signed certificate");
                if (f.certification().valid()) {
                    avaVan(b, f, table);
                    if (f.industrial()) {
                        securityLevels(b, f);
                    }
                }
            }
        }
        return b;
    }

    private static void statement(List<Blocker> b, Level level, StatementChecks.Outcome o, String name, String what) {
        if (!o.present()) {
            b.add(new Blocker(level, "assurance.level." + name + "-missing", "no " + what));
        } else if (!o.valid()) {
            b.add(new Blocker(level, "assurance.level." + name + "-invalid", what + ": " + o.reason()));
        }
    }

    // CC Part 3 AVA_VAN with ISO/IEC 18045 B.4 Table 4: a residual path is acceptable only above the resisted band
    private static void avaVan(List<Blocker> b, Facts f, AttackPotentialTable table) {
        String component = f.certification().payload().path("ava_van").asText();
        Rating resists = table.avaVan().get(component);
        if (resists == null) {
            b.add(new Blocker(
                    Level.L4,
                    "assurance.level.certification-invalid",
                    "ava_van: " + component + " (expected: one of AVA_VAN.1 .. AVA_VAN.5)"));
            return;
        }
        int needed = table.lowestSumAbove(resists);
        if (f.weakestPath() != null && f.weakestSum() < needed) {
            b.add(new Blocker(
                    Level.L4,
                    "assurance.level.ava-van-insufficient",
                    component + " resists " + resists.label() + ", so every exploitable path needs " + needed
                            + " or more; threat " + f.weakestPath() + " scores " + f.weakestSum() + " ("
                            + table.band(f.weakestSum()).rating().label() + ")"));
        }
    }

    private static void securityLevels(List<Blocker> b, Facts f) {
        var certified = f.certification().payload().path("security_levels");
        for (Map.Entry<String, Integer> e : f.slTarget().entrySet()) {
            int target = e.getValue();
            int achieved = f.slAchieved().getOrDefault(e.getKey(), 0);
            int stated = certified.path(e.getKey()).asInt(0);
            if (achieved < target || stated < target) {
                b.add(new Blocker(
                        Level.L4,
                        "assurance.level.security-level-below-target",
                        e.getKey() + ": SL-T " + target + ", achieved " + achieved + ", certified " + stated));
            }
        }
    }
}

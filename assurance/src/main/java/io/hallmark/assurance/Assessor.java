package io.hallmark.assurance;

import io.hallmark.assurance.Assessment.Risk;
import io.hallmark.assurance.Assessment.RiskLevel;
import io.hallmark.assurance.Assessment.SecurityLevel;
import io.hallmark.assurance.Finding.Severity;
import io.hallmark.assurance.Profile.Asset;
import io.hallmark.assurance.Profile.Evidence;
import io.hallmark.assurance.Profile.SecurityFunction;
import io.hallmark.assurance.Profile.Threat;
import io.hallmark.assurance.StatementVerifier.Role;
import io.hallmark.core.Hashes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The assessment engine: pure, fed a validated profile, its exact bytes, the files it references (evidence,
 * signatures, keys, by the path the profile names) and a {@link StatementVerifier}; returns an {@link Assessment}
 * with every finding collected. Reads nothing, writes nothing.
 */
final class Assessor {
    private final Catalogs catalogs;
    private final StatementVerifier verifier;

    Assessor(Catalogs catalogs, StatementVerifier verifier) {
        this.catalogs = catalogs;
        this.verifier = verifier;
    }

    Assessment assess(Profile p, byte[] profileBytes, Map<String, byte[]> files) {
        List<Finding> findings = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        boolean industrial = "industrial".equals(p.product().vertical());

        List<Risk> register = risks(p, findings, incomplete);
        CoverageAnalysis coverage = new CoverageAnalysis(catalogs, p, findings);
        Map<String, Integer> slTarget = new LinkedHashMap<>();
        if (p.securityLevelTarget() != null) {
            slTarget.putAll(p.securityLevelTarget());
        }
        List<SecurityLevel> levels = coverage.securityLevels(slTarget);
        Map<String, Integer> slAchieved = new HashMap<>();
        for (SecurityLevel l : levels) {
            slAchieved.put(l.fr(), l.achieved());
        }
        var cra = coverage.cra();
        List<String> evidenceGaps = evidence(p, files, findings);
        completeness(p, industrial, coverage, incomplete);
        for (String what : incomplete) {
            findings.add(new Finding("assurance.profile.incomplete", Severity.ERROR, "profile", "present", what));
        }

        String baseline = industrial ? Catalog.IEC : Catalog.ETSI;
        List<String> baselineGaps = new ArrayList<>();
        if (industrial) {
            for (SecurityLevel l : levels) {
                baselineGaps.addAll(l.missing());
            }
        } else {
            baselineGaps.addAll(coverage.gaps(Catalog.ETSI));
        }

        var declaration = StatementChecks.check(
                attestation(p, 0),
                Role.MANUFACTURER,
                "declaration",
                p.product().manufacturer(),
                profileBytes,
                files,
                verifier,
                findings);
        var review = StatementChecks.check(
                attestation(p, 1), Role.ASSESSOR, "assessor-review", null, profileBytes, files, verifier, findings);
        var certification = StatementChecks.check(
                attestation(p, 2),
                Role.CERTIFICATION_BODY,
                "certification",
                null,
                profileBytes,
                files,
                verifier,
                findings);

        String weakest = null;
        int weakestSum = Integer.MAX_VALUE;
        for (Risk r : register) {
            if (r.attackPotential().exploitable() && r.attackPotential().value() < weakestSum) {
                weakest = r.threat();
                weakestSum = r.attackPotential().value();
            }
        }
        var facts = new LevelRules.Facts(
                Level.valueOf(p.targetLevel()),
                industrial,
                incomplete,
                baseline,
                coverage.declares(baseline),
                baselineGaps,
                declaration,
                lifeCycleGaps(p, evidenceGaps),
                review,
                certification,
                weakest,
                weakestSum,
                slTarget,
                slAchieved);
        var decision = LevelRules.decide(facts, catalogs.attackPotential());
        return new Assessment(
                p.product().name(),
                p.product().vertical(),
                facts.target(),
                decision.reached(),
                decision.blockers(),
                register,
                coverage.coverage(),
                levels,
                cra,
                findings,
                coverage.footnotes());
    }

    // ISO/IEC 18045 B.4 per threat, then the matrix of RiskMatrix
    private List<Risk> risks(Profile p, List<Finding> findings, List<String> incomplete) {
        Map<String, Asset> assets = new HashMap<>();
        for (Asset a : orEmpty(p.assets())) {
            assets.put(a.id(), a);
        }
        List<Risk> register = new ArrayList<>();
        for (Threat t : orEmpty(p.threats())) {
            AttackPotentialResult ap =
                    catalogs.attackPotential().rate(t.attackPotential().asMap());
            int impact = 1;
            for (String target : t.targets()) {
                var v = assets.get(target).value();
                impact = Math.max(impact, Math.max(v.confidentiality(), Math.max(v.integrity(), v.availability())));
            }
            int likelihood = RiskMatrix.likelihood(ap);
            RiskLevel level = RiskMatrix.level(likelihood, impact);
            List<String> mitigations = orEmpty(t.mitigations());
            String acceptance = t.acceptance() == null ? "" : t.acceptance();
            if (!ap.exploitable()) {
                findings.add(new Finding(
                        "assurance.threat.not-exploitable",
                        Severity.INFO,
                        "threat " + t.id(),
                        "a window of opportunity",
                        "none (ISO/IEC 18045 B.4 **)"));
            }
            if ((level == RiskLevel.HIGH || level == RiskLevel.CRITICAL)
                    && mitigations.isEmpty()
                    && acceptance.isBlank()) {
                findings.add(new Finding(
                        "assurance.risk.untreated",
                        Severity.ERROR,
                        "threat " + t.id(),
                        "a mitigating security function or a recorded acceptance",
                        level.name()));
                incomplete.add("treatment of " + level.name() + " risk of threat " + t.id());
            }
            register.add(new Risk(
                    t.id(),
                    t.title() == null ? "" : t.title(),
                    ap,
                    likelihood,
                    impact,
                    level,
                    mitigations,
                    acceptance));
        }
        return register;
    }

    private static List<String> evidence(Profile p, Map<String, byte[]> files, List<Finding> findings) {
        List<Evidence> all = new ArrayList<>();
        for (SecurityFunction f : orEmpty(p.securityFunctions())) {
            all.addAll(orEmpty(f.evidence()));
        }
        if (p.lifeCycle() != null && p.lifeCycle().sbom() != null) {
            all.add(p.lifeCycle().sbom());
        }
        if (p.lifeCycle() != null
                && p.lifeCycle().updateChannel() != null
                && p.lifeCycle().updateChannel().evidence() != null) {
            all.add(p.lifeCycle().updateChannel().evidence());
        }
        List<String> gaps = new ArrayList<>();
        for (Evidence e : all) {
            byte[] bytes = files.get(e.file());
            if (bytes == null) {
                findings.add(
                        new Finding("assurance.evidence.missing", Severity.WARNING, e.file(), "the file", "absent"));
                gaps.add("evidence file " + e.file() + " not found");
                continue;
            }
            String actual = Hashes.hex(Hashes.sha256(bytes));
            if (!actual.equals(e.sha256())) {
                findings.add(new Finding(
                        "assurance.evidence.digest-mismatch",
                        Severity.ERROR,
                        e.file(),
                        "sha256 " + e.sha256(),
                        "sha256 " + actual));
                gaps.add("evidence file " + e.file() + " does not match its SHA-256");
            }
        }
        return gaps;
    }

    private static void completeness(
            Profile p, boolean industrial, CoverageAnalysis coverage, List<String> incomplete) {
        if (orEmpty(p.assets()).isEmpty()) {
            incomplete.add("assets");
        }
        if (orEmpty(p.interfaces()).isEmpty()) {
            incomplete.add("interfaces");
        }
        if (orEmpty(p.threats()).isEmpty()) {
            incomplete.add("threats");
        }
        if (orEmpty(p.securityFunctions()).isEmpty()) {
            incomplete.add("security functions");
        }
        for (Threat t : orEmpty(p.threats())) {
            if (isBlank(t.attackPath())) {
                incomplete.add("attack path of threat " + t.id());
            }
        }
        for (SecurityFunction f : orEmpty(p.securityFunctions())) {
            if (orEmpty(f.evidence()).isEmpty()) {
                incomplete.add("evidence of security function " + f.id());
            }
        }
        if (p.privacy() == null) {
            incomplete.add("privacy impact section");
        } else {
            var data = orEmpty(p.privacy().personalData());
            for (var d : data) {
                if (orEmpty(d.purposes()).isEmpty() || isBlank(d.retention())) {
                    incomplete.add("purposes and retention of personal data category " + d.category());
                }
            }
            if (!data.isEmpty() && orEmpty(p.privacy().dataSubjectRights()).isEmpty()) {
                incomplete.add("data-subject rights");
            }
        }
        var lc = p.lifeCycle();
        if (lc == null || lc.supportPeriod() == null) {
            incomplete.add("support period");
        }
        if (lc == null
                || lc.vulnerabilityDisclosure() == null
                || isBlank(lc.vulnerabilityDisclosure().contact())) {
            incomplete.add("vulnerability disclosure contact");
        }
        if (industrial
                && (p.securityLevelTarget() == null || p.securityLevelTarget().isEmpty())) {
            incomplete.add("IEC 62443 security level target (security_level_target)");
        }
        for (var c : coverage.coverage()) {
            if (c.unclaimed() > 0) {
                incomplete.add(c.unclaimed() + " unclaimed entries of " + c.catalog());
            }
        }
    }

    private static List<String> lifeCycleGaps(Profile p, List<String> evidenceGaps) {
        List<String> gaps = new ArrayList<>();
        var lc = p.lifeCycle();
        if (lc == null
                || lc.vulnerabilityDisclosure() == null
                || isBlank(lc.vulnerabilityDisclosure().policy())) {
            gaps.add("no published vulnerability disclosure policy (ETSI EN 303 645 5.2-1)");
        }
        if (lc == null
                || lc.supportPeriod() == null
                || isBlank(lc.supportPeriod().publishedAt())) {
            gaps.add("no published support period (ETSI EN 303 645 5.3-13)");
        }
        if (lc == null || lc.sbom() == null) {
            gaps.add("no SBOM (CRA Annex I Part II (1))");
        }
        var uc = lc == null ? null : lc.updateChannel();
        if (uc == null || !Boolean.TRUE.equals(uc.signed()) || isBlank(uc.algorithm()) || uc.evidence() == null) {
            gaps.add("no signed update channel with evidence (ETSI EN 303 645 5.3-10)");
        }
        gaps.addAll(evidenceGaps);
        return gaps;
    }

    private static Profile.Statement attestation(Profile p, int which) {
        var a = p.attestations();
        if (a == null) {
            return null;
        }
        return switch (which) {
            case 0 -> a.declaration();
            case 1 -> a.assessorReview();
            default -> a.certification();
        };
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}

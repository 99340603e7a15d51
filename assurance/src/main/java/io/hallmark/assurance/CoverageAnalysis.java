package io.hallmark.assurance;

import io.hallmark.assurance.Assessment.CatalogCoverage;
import io.hallmark.assurance.Assessment.CraReadiness;
import io.hallmark.assurance.Assessment.Footnote;
import io.hallmark.assurance.Assessment.SecurityLevel;
import io.hallmark.assurance.Finding.Severity;
import io.hallmark.assurance.Profile.CatalogClaims;
import io.hallmark.assurance.Profile.Claim;
import io.hallmark.assurance.Requirement.Obligation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage of the declared catalogs by the profile's claims, the IEC 62443 achieved security level per foundational
 * requirement, and the CRA readiness summary. Pure; findings are added to the list it is given.
 *
 * <p>What a claim must show depends on the entry's status (ETSI EN 303 645 Annex B): {@code M} must be met;
 * {@code MC}/{@code MF}/{@code MCF} met, or not applicable with a justification; recommendations met, or not met / not
 * applicable with a justification (clause 5.0-1). IEC 62443-4-2 entries are required from their SL upward (Annex B
 * Table B.1, cumulative).
 */
final class CoverageAnalysis {
    private final Catalogs catalogs;
    private final Profile profile;
    private final List<Finding> findings;
    private final List<CatalogCoverage> coverage = new ArrayList<>();
    private final List<Footnote> footnotes = new ArrayList<>();
    private final Map<String, List<String>> gapsByCatalog = new HashMap<>();
    private final Map<String, Map<String, Claim>> claimsByCatalog = new LinkedHashMap<>();

    CoverageAnalysis(Catalogs catalogs, Profile profile, List<Finding> findings) {
        this.catalogs = catalogs;
        this.profile = profile;
        this.findings = findings;
        for (CatalogClaims c : Assessor.orEmpty(profile.catalogs())) {
            Map<String, Claim> byId = new LinkedHashMap<>();
            for (Claim cl : Assessor.orEmpty(c.claims())) {
                byId.put(cl.requirement(), cl);
            }
            claimsByCatalog.put(c.catalog(), byId);
            catalogs.find(c.catalog(), c.version()).ifPresent(cat -> analyse(cat, byId));
        }
    }

    List<CatalogCoverage> coverage() {
        return List.copyOf(coverage);
    }

    List<Footnote> footnotes() {
        return List.copyOf(footnotes);
    }

    /** Whether the profile declares catalog {@code id}. */
    boolean declares(String id) {
        return claimsByCatalog.containsKey(id);
    }

    /** Entries of catalog {@code id} that are unclaimed, or mandatory and neither met nor justified. */
    List<String> gaps(String id) {
        return gapsByCatalog.getOrDefault(id, List.of());
    }

    private void analyse(Catalog catalog, Map<String, Claim> claims) {
        int counted = 0, met = 0, notMet = 0, notApplicable = 0, unclaimed = 0, mandatory = 0, satisfied = 0;
        List<String> gaps = new ArrayList<>();
        for (Requirement r : catalog.requirements()) {
            Obligation o = r.obligation();
            if (o == Obligation.NONE) {
                continue;
            }
            counted++;
            Claim claim = claims.get(r.id());
            if (!r.verification().isSettled()) {
                footnotes.add(new Footnote(
                        footnotes.size() + 1,
                        catalog.id(),
                        r.id(),
                        r.verification().mark(),
                        r.note()));
            }
            String subject = catalog.id() + ":" + r.id();
            // an IEC 62443-4-2 entry is mandatory up to the SL-T of its FR (Table B.1 is cumulative)
            boolean isMandatory = o == Obligation.MANDATORY
                    || o == Obligation.MANDATORY_IF_APPLICABLE
                    || (o == Obligation.BY_SECURITY_LEVEL && r.minSl() <= target(r.section()));
            if (isMandatory) {
                mandatory++;
            }
            if (claim == null) {
                unclaimed++;
                gaps.add(r.id());
                add(
                        "assurance.claim.missing",
                        Severity.ERROR,
                        subject,
                        "a claim: met, not_met or not_applicable",
                        "none");
                continue;
            }
            boolean justified =
                    claim.justification() != null && !claim.justification().isBlank();
            switch (claim.status()) {
                case "met" -> {
                    met++;
                    if (isMandatory) {
                        satisfied++;
                    }
                }
                case "not_met" -> {
                    notMet++;
                    if (isMandatory) {
                        gaps.add(r.id());
                        add("assurance.provision.mandatory-not-met", Severity.ERROR, subject, "met", "not_met");
                    } else if (!justified && o == Obligation.RECOMMENDED) {
                        add(
                                "assurance.provision.unjustified",
                                Severity.WARNING,
                                subject,
                                "a justification (ETSI EN 303 645 5.0-1)",
                                "none");
                    }
                }
                default -> {
                    notApplicable++;
                    if (o == Obligation.MANDATORY) {
                        gaps.add(r.id());
                        add(
                                "assurance.provision.mandatory-not-applicable",
                                Severity.ERROR,
                                subject,
                                "met (status " + r.status() + " always applies)",
                                "not_applicable");
                    } else if (!justified) {
                        if (isMandatory) {
                            gaps.add(r.id());
                        }
                        add(
                                "assurance.provision.unjustified",
                                isMandatory ? Severity.ERROR : Severity.WARNING,
                                subject,
                                "a justification for not_applicable",
                                "none");
                    } else if (isMandatory) {
                        satisfied++;
                    }
                }
            }
        }
        gapsByCatalog.put(catalog.id(), List.copyOf(gaps));
        coverage.add(new CatalogCoverage(
                catalog.id(),
                catalog.version(),
                counted,
                met,
                notMet,
                notApplicable,
                unclaimed,
                mandatory,
                satisfied,
                gaps));
    }

    /**
     * IEC 62443-4-2 achieved SL per FR: the highest SL at which every entry of that FR required at or below it
     * ({@code min_sl <= SL}) is claimed met, or not applicable with a justification (CCSC 2 compensating measures are
     * stated in that justification). Empty when the profile does not declare the catalog.
     */
    List<SecurityLevel> securityLevels(Map<String, Integer> targets) {
        CatalogClaims declared = declared(Catalog.IEC);
        if (declared == null) {
            return List.of();
        }
        Catalog iec = catalogs.find(declared.catalog(), declared.version()).orElseThrow();
        Map<String, Claim> claims = claimsByCatalog.get(Catalog.IEC);
        List<SecurityLevel> out = new ArrayList<>();
        for (String fr : ProfileValidator.FRS) {
            int target = targets == null || targets.get(fr) == null ? 0 : targets.get(fr);
            int achieved = 4;
            List<String> missing = new ArrayList<>();
            for (Requirement r : iec.requirements()) {
                if (!r.section().equals(fr) || r.obligation() != Obligation.BY_SECURITY_LEVEL) {
                    continue;
                }
                Claim c = claims.get(r.id());
                boolean ok = c != null
                        && (c.status().equals("met")
                                || (c.status().equals("not_applicable")
                                        && c.justification() != null
                                        && !c.justification().isBlank()));
                if (!ok) {
                    achieved = Math.min(achieved, r.minSl() - 1);
                    if (r.minSl() <= target) {
                        missing.add(r.id());
                    }
                }
            }
            if (achieved < target) {
                add(
                        "assurance.security-level.below-target",
                        Severity.ERROR,
                        "iec-62443-4-2:" + fr,
                        "SL " + target + " (SL-T)",
                        "SL " + achieved + "; missing " + String.join(", ", missing));
            }
            out.add(new SecurityLevel(fr, frName(fr), target, achieved, missing));
        }
        return out;
    }

    /** CRA Annex I readiness, with the Art. 13(8) support period and Annex I Part II (1), (5), (6) commitments. */
    CraReadiness cra() {
        CatalogCoverage c = null;
        for (CatalogCoverage k : coverage) {
            if (k.catalog().equals(Catalog.CRA)) {
                c = k;
            }
        }
        if (c == null) {
            add("assurance.cra.not-assessed", Severity.INFO, "cra-annex-i", "the CRA Annex I catalog declared", "none");
            return new CraReadiness(false, false, 0, 0, 0, 0, List.of(), route());
        }
        List<String> gaps = new ArrayList<>();
        for (String id : c.gaps()) {
            gaps.add("Annex I " + id + ": not met or not justified");
        }
        var lc = profile.lifeCycle();
        var sp = lc == null ? null : lc.supportPeriod();
        if (sp == null || sp.start() == null || sp.end() == null) {
            gaps.add("Art. 13(8): no support period");
        } else if (LocalDate.parse(sp.start()).plusYears(5).isAfter(LocalDate.parse(sp.end()))) {
            gaps.add("Art. 13(8): support period " + sp.start() + " to " + sp.end() + " is shorter than five years");
            add(
                    "assurance.cra.support-period-short",
                    Severity.WARNING,
                    "life_cycle.support_period",
                    "at least five years (CRA Art. 13(8))",
                    sp.start() + " to " + sp.end());
        }
        if (lc == null || lc.sbom() == null) {
            gaps.add("Annex I Part II (1): no SBOM");
        }
        if (lc == null
                || lc.vulnerabilityDisclosure() == null
                || Assessor.isBlank(lc.vulnerabilityDisclosure().policy())) {
            gaps.add("Annex I Part II (5), (6): no coordinated vulnerability disclosure policy and contact");
        }
        for (String g : gaps) {
            add("assurance.cra.gap", Severity.WARNING, "cra-annex-i", "ready for CRA conformity assessment", g);
        }
        return new CraReadiness(
                true, gaps.isEmpty(), c.met(), c.notMet(), c.notApplicable(), c.unclaimed(), gaps, route());
    }

    // CRA Art. 32 and Annexes III and IV: which conformity assessment the product's class allows
    private String route() {
        String craClass = profile.product().craClass() == null
                ? "default"
                : profile.product().craClass();
        return switch (craClass) {
            case "important_class_i" ->
                "Annex III Class I: Module A only where harmonised standards, common specifications or an EU"
                        + " cybersecurity certification scheme cover every requirement; otherwise Module B + C or H"
                        + " (Art. 32(2))";
            case "important_class_ii" ->
                "Annex III Class II: Module B + C, Module H, or EU cybersecurity certification at assurance level"
                        + " 'substantial' or higher (Art. 32(3))";
            case "critical" ->
                "Annex IV: EU cybersecurity certification at 'substantial' or higher where a delegated act requires"
                        + " it, otherwise as Class II (Art. 32(4))";
            default -> "Module A, internal control (self-assessment), or any stricter route (Art. 32(1))";
        };
    }

    private int target(String fr) {
        Map<String, Integer> targets = profile.securityLevelTarget();
        Integer t = targets == null ? null : targets.get(fr);
        return t == null ? 0 : t;
    }

    private CatalogClaims declared(String id) {
        for (CatalogClaims c : Assessor.orEmpty(profile.catalogs())) {
            if (id.equals(c.catalog())) {
                return c;
            }
        }
        return null;
    }

    private static String frName(String fr) {
        return switch (fr) {
            case "FR1" -> "Identification and authentication control";
            case "FR2" -> "Use control";
            case "FR3" -> "System integrity";
            case "FR4" -> "Data confidentiality";
            case "FR5" -> "Restricted data flow";
            case "FR6" -> "Timely response to events";
            default -> "Resource availability";
        };
    }

    private void add(String id, Severity severity, String subject, String expected, String actual) {
        findings.add(new Finding(id, severity, subject, expected, actual));
    }
}

package io.hallmark.assurance;

import io.hallmark.assurance.Profile.Asset;
import io.hallmark.assurance.Profile.CatalogClaims;
import io.hallmark.assurance.Profile.Claim;
import io.hallmark.assurance.Profile.Evidence;
import io.hallmark.assurance.Profile.Interface;
import io.hallmark.assurance.Profile.SecurityFunction;
import io.hallmark.assurance.Profile.Statement;
import io.hallmark.assurance.Profile.Threat;
import io.hallmark.assurance.ProfileException.Problem;
import io.hallmark.assurance.ProfileReader.Locations;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what binding cannot: ids that must be known (catalogs, catalog entries, attack potential levels, assets,
 * interfaces, security functions), ids that must be unique, values that must lie in range, and fixed vocabularies.
 * Every problem is collected with its line and column; {@link #check} throws once with all of them.
 *
 * <p>What a complete profile needs beyond this (privacy section, support period, ...) is not an error here: the
 * assessment reports it as a finding, and the level rules decide what it blocks.
 */
final class ProfileValidator {
    static final List<String> VERTICALS = List.of("consumer", "industrial", "medical");
    static final List<String> CRA_CLASSES = List.of("default", "important_class_i", "important_class_ii", "critical");
    static final List<String> LEVELS = List.of("L1", "L2", "L3", "L4");
    static final List<String> INTERFACE_KINDS = List.of("network", "radio", "physical", "debug", "cloud", "local");
    static final List<String> CLAIM_STATUSES = List.of("met", "not_met", "not_applicable");
    static final List<String> FRS = List.of("FR1", "FR2", "FR3", "FR4", "FR5", "FR6", "FR7");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Catalogs catalogs;
    private final Locations at;
    private final List<Problem> problems = new ArrayList<>();

    private ProfileValidator(Catalogs catalogs, Locations at) {
        this.catalogs = catalogs;
        this.at = at;
    }

    /** Throws a {@link ProfileException} listing every problem of {@code profile}, or returns quietly. */
    static void check(Profile profile, Locations at, Catalogs catalogs) {
        ProfileValidator v = new ProfileValidator(catalogs, at);
        v.validate(profile);
        if (!v.problems.isEmpty()) {
            v.problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            throw new ProfileException(v.problems);
        }
    }

    private void validate(Profile p) {
        if (p.profileVersion() == null || p.profileVersion() != 1) {
            problem("/profile_version", "profile_version: " + p.profileVersion() + " (expected: 1)");
        }
        if (p.product() == null) {
            problem("", "product: missing (expected: a mapping with name, manufacturer, vertical)");
        } else {
            required("/product/name", p.product().name());
            required("/product/manufacturer", p.product().manufacturer());
            oneOf("/product/vertical", p.product().vertical(), VERTICALS, true);
            oneOf("/product/cra_class", p.product().craClass(), CRA_CLASSES, false);
        }
        oneOf("/target_level", p.targetLevel(), LEVELS, true);

        Set<String> assets = new HashSet<>();
        each(p.assets(), "/assets", (a, ptr) -> asset(a, ptr, assets));
        Set<String> interfaces = new HashSet<>();
        each(p.interfaces(), "/interfaces", (i, ptr) -> iface(i, ptr, interfaces));
        Set<String> functions = new HashSet<>();
        each(p.securityFunctions(), "/security_functions", (f, ptr) -> function(f, ptr, functions));
        Set<String> threats = new HashSet<>();
        each(p.threats(), "/threats", (t, ptr) -> threat(t, ptr, threats, assets, interfaces, functions));
        Set<String> declared = new HashSet<>();
        each(p.catalogs(), "/catalogs", (c, ptr) -> claims(c, ptr, declared, functions));
        if (p.securityLevelTarget() != null) {
            for (Map.Entry<String, Integer> e : p.securityLevelTarget().entrySet()) {
                String ptr = "/security_level_target/" + e.getKey();
                if (!FRS.contains(e.getKey())) {
                    problem(
                            ptr,
                            "security_level_target: " + e.getKey() + " (expected: one of " + String.join(", ", FRS)
                                    + ")");
                } else if (e.getValue() == null || e.getValue() < 0 || e.getValue() > 4) {
                    problem(ptr, "security_level_target." + e.getKey() + ": " + e.getValue() + " (expected: 0..4)");
                }
            }
        }
        if (p.privacy() != null) {
            each(
                    p.privacy().personalData(),
                    "/privacy/personal_data",
                    (d, ptr) -> required(ptr + "/category", d.category()));
        }
        if (p.lifeCycle() != null) {
            var lc = p.lifeCycle();
            if (lc.supportPeriod() != null) {
                LocalDate start = date(
                        "/life_cycle/support_period/start", lc.supportPeriod().start());
                LocalDate end = date(
                        "/life_cycle/support_period/end", lc.supportPeriod().end());
                if (start != null && end != null && !end.isAfter(start)) {
                    problem(
                            "/life_cycle/support_period/end",
                            "support_period.end: " + end + " (expected: after " + start + ")");
                }
            }
            if (lc.sbom() != null) {
                evidence(lc.sbom(), "/life_cycle/sbom");
            }
            if (lc.updateChannel() != null && lc.updateChannel().evidence() != null) {
                evidence(lc.updateChannel().evidence(), "/life_cycle/update_channel/evidence");
            }
        }
        if (p.attestations() != null) {
            statement(p.attestations().declaration(), "/attestations/declaration");
            statement(p.attestations().assessorReview(), "/attestations/assessor_review");
            statement(p.attestations().certification(), "/attestations/certification");
        }
    }

    private void asset(Asset a, String ptr, Set<String> ids) {
        unique(ptr + "/id", a.id(), ids, "asset");
        if (a.value() == null) {
            problem(
                    ptr,
                    "asset " + a.id() + ": value missing (expected: confidentiality, integrity, availability 1..5)");
            return;
        }
        range(ptr + "/value/confidentiality", a.value().confidentiality(), 1, 5);
        range(ptr + "/value/integrity", a.value().integrity(), 1, 5);
        range(ptr + "/value/availability", a.value().availability(), 1, 5);
    }

    private void iface(Interface i, String ptr, Set<String> ids) {
        unique(ptr + "/id", i.id(), ids, "interface");
        oneOf(ptr + "/kind", i.kind(), INTERFACE_KINDS, true);
    }

    private void function(SecurityFunction f, String ptr, Set<String> ids) {
        unique(ptr + "/id", f.id(), ids, "security function");
        each(f.evidence(), ptr + "/evidence", this::evidence);
    }

    private void threat(
            Threat t, String ptr, Set<String> ids, Set<String> assets, Set<String> interfaces, Set<String> functions) {
        unique(ptr + "/id", t.id(), ids, "threat");
        if (t.targets() == null || t.targets().isEmpty()) {
            problem(ptr, "threat " + t.id() + ": targets missing (expected: at least one asset id)");
        } else {
            refs(t.targets(), ptr + "/targets", assets, "asset");
        }
        refs(t.interfaces(), ptr + "/interfaces", interfaces, "interface");
        refs(t.mitigations(), ptr + "/mitigations", functions, "security function");
        if (t.attackPotential() == null) {
            problem(
                    ptr,
                    "threat " + t.id()
                            + ": attack_potential missing (expected: the five factors of ISO/IEC 18045 B.4)");
            return;
        }
        AttackPotentialTable table = catalogs.attackPotential();
        for (Map.Entry<String, String> f : t.attackPotential().asMap().entrySet()) {
            String fp = ptr + "/attack_potential/" + f.getKey();
            if (f.getValue() == null) {
                problem(
                        ptr + "/attack_potential",
                        f.getKey() + ": missing (expected: one of " + String.join(", ", table.levels(f.getKey()))
                                + ")");
            } else if (!table.hasLevel(f.getKey(), f.getValue())) {
                problem(
                        fp,
                        f.getKey() + ": " + f.getValue() + " (expected: one of "
                                + String.join(", ", table.levels(f.getKey())) + ")");
            }
        }
    }

    private void claims(CatalogClaims c, String ptr, Set<String> declared, Set<String> functions) {
        if (c.catalog() == null || catalogs.versions(c.catalog()).isEmpty()) {
            List<String> known = new ArrayList<>();
            for (Catalog k : catalogs.all()) {
                if (!known.contains(k.id())) {
                    known.add(k.id());
                }
            }
            problem(
                    ptr + "/catalog",
                    "catalog: " + c.catalog() + " (expected: one of " + String.join(", ", known) + ")");
            return;
        }
        var catalog = catalogs.find(c.catalog(), String.valueOf(c.version()));
        if (catalog.isEmpty()) {
            problem(
                    ptr + "/version",
                    "catalog " + c.catalog() + " version: " + c.version() + " (expected: one of "
                            + String.join(", ", catalogs.versions(c.catalog())) + ")");
            return;
        }
        if (!declared.add(c.catalog())) {
            problem(ptr + "/catalog", "catalog: " + c.catalog() + " (expected: declared once)");
        }
        Set<String> claimed = new HashSet<>();
        each(c.claims(), ptr + "/claims", (Claim cl, String cp) -> {
            if (cl.requirement() == null || catalog.get().find(cl.requirement()).isEmpty()) {
                problem(
                        cp + "/requirement",
                        "requirement: " + cl.requirement() + " (expected: an id of "
                                + catalog.get().key() + ")");
            } else if (!claimed.add(cl.requirement())) {
                problem(cp + "/requirement", "requirement: " + cl.requirement() + " (expected: claimed once)");
            }
            oneOf(cp + "/status", cl.status(), CLAIM_STATUSES, true);
            refs(cl.functions(), cp + "/functions", functions, "security function");
        });
    }

    private void evidence(Evidence e, String ptr) {
        required(ptr + "/file", e.file());
        if (e.file() != null && (e.file().startsWith("/") || e.file().contains(".."))) {
            problem(ptr + "/file", "file: " + e.file() + " (expected: a path inside the profile's folder)");
        }
        if (e.sha256() == null || !SHA256.matcher(e.sha256()).matches()) {
            problem(ptr + "/sha256", "sha256: " + e.sha256() + " (expected: 64 lower-case hex digits)");
        }
    }

    private void statement(Statement s, String ptr) {
        if (s == null) {
            return;
        }
        required(ptr + "/signer", s.signer());
        required(ptr + "/signature", s.signature());
        required(ptr + "/key", s.key());
        for (String f : new String[] {s.signature(), s.key()}) {
            if (f != null && (f.startsWith("/") || f.contains(".."))) {
                problem(ptr, "file: " + f + " (expected: a path inside the profile's folder)");
            }
        }
    }

    private LocalDate date(String ptr, String value) {
        if (value == null) {
            problem(ptr, name(ptr) + ": missing (expected: a date YYYY-MM-DD)");
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problem(ptr, name(ptr) + ": " + value + " (expected: a date YYYY-MM-DD)");
            return null;
        }
    }

    private void refs(List<String> ids, String ptr, Set<String> known, String what) {
        if (ids == null) {
            return;
        }
        for (int i = 0; i < ids.size(); i++) {
            if (!known.contains(ids.get(i))) {
                problem(ptr + "/" + i, what + ": " + ids.get(i) + " (expected: the id of a declared " + what + ")");
            }
        }
    }

    private void unique(String ptr, String id, Set<String> ids, String what) {
        if (id == null || id.isBlank()) {
            problem(ptr, what + " id: missing (expected: text)");
        } else if (!ids.add(id)) {
            problem(ptr, what + " id: " + id + " (expected: unique)");
        }
    }

    private void required(String ptr, String value) {
        if (value == null || value.isBlank()) {
            problem(ptr, name(ptr) + ": missing (expected: text)");
        }
    }

    private void oneOf(String ptr, String value, List<String> allowed, boolean required) {
        if (value == null ? required : !allowed.contains(value)) {
            problem(ptr, name(ptr) + ": " + value + " (expected: one of " + String.join(", ", allowed) + ")");
        }
    }

    private void range(String ptr, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            problem(ptr, name(ptr) + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }

    private <T> void each(List<T> items, String ptr, Each<T> check) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                problem(ptr + "/" + i, name(ptr) + " entry: null (expected: a mapping)");
            } else {
                check.accept(items.get(i), ptr + "/" + i);
            }
        }
    }

    @FunctionalInterface
    private interface Each<T> {
        void accept(T item, String pointer);
    }

    private static String name(String ptr) {
        String[] parts = ptr.split("/");
        return parts.length == 0 ? "profile" : parts[parts.length - 1];
    }

    private void problem(String ptr, String message) {
        problems.add(at.problem(ptr, message));
    }
}

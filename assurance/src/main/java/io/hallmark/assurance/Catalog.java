package io.hallmark.assurance;

import io.hallmark.core.Checks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of a requirement catalog, as shipped in {@code io/hallmark/assurance/catalogs/}.
 *
 * @param id the catalog id, e.g. {@code etsi-en-303-645}
 * @param version the version of the standard it transcribes, e.g. {@code V3.1.3}
 * @param title what it is
 * @param verificationNote what could not be checked for the catalog as a whole
 * @param requirements the entries in the order of the standard, ids unique
 */
record Catalog(String id, String version, String title, String verificationNote, List<Requirement> requirements) {

    /** Catalog ids the engine knows by role. */
    static final String ETSI = "etsi-en-303-645";

    static final String CRA = "cra-annex-i";
    static final String IEC = "iec-62443-4-2";

    Catalog {
        Checks.notBlank(id, "id");
        Checks.notBlank(version, "version");
        Checks.notNull(title, "title");
        Checks.notNull(verificationNote, "verificationNote");
        requirements = List.copyOf(requirements);
        Map<String, Requirement> seen = new LinkedHashMap<>();
        for (Requirement r : requirements) {
            Checks.check(seen.putIfAbsent(r.id(), r) == null, "requirement id", id + ":" + r.id(), "unique in catalog");
        }
    }

    /** The entry with {@code requirementId}, if the catalog has it. */
    Optional<Requirement> find(String requirementId) {
        for (Requirement r : requirements) {
            if (r.id().equals(requirementId)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** {@code id@version}, how reports name it. */
    String key() {
        return id + "@" + version;
    }
}

package io.hallmark.assurance;

import io.hallmark.core.Checks;

/**
 * One entry of a requirement catalog: an ETSI EN 303 645 provision, a CRA Annex I requirement, an IEC 62443-4-2
 * component requirement or enhancement, a NIST IR 8259A element.
 *
 * @param catalog the catalog id, e.g. {@code etsi-en-303-645}
 * @param id the id the standard gives, e.g. {@code 5.1-1} or {@code CR 1.1 RE(1)}
 * @param section the clause, part or foundational requirement it belongs to
 * @param status the status string as the standard writes it ({@code M}, {@code MF (a)}, ...), empty for IEC 62443
 * @param minSl for IEC 62443-4-2 the lowest SL-C that requires it, 0 when it has no component-level requirement; -1
 *     elsewhere
 * @param title a short paraphrase, never the normative text
 * @param verification the catalog's verification mark
 * @param note the catalog's source note, empty when none
 */
record Requirement(
        String catalog,
        String id,
        String section,
        String status,
        int minSl,
        String title,
        Verification verification,
        String note) {

    Requirement {
        Checks.notBlank(catalog, "catalog");
        Checks.notBlank(id, "id");
        Checks.notNull(section, "section");
        Checks.notNull(status, "status");
        Checks.inRange(minSl, -1, 4, "minSl");
        Checks.notBlank(title, "title");
        Checks.notNull(verification, "verification");
        Checks.notNull(note, "note");
    }

    /** What a claim must show for this entry. */
    Obligation obligation() {
        if (minSl >= 0) {
            return minSl == 0 ? Obligation.NONE : Obligation.BY_SECURITY_LEVEL;
        }
        if (status.equals("M")) {
            return Obligation.MANDATORY;
        }
        if (status.startsWith("M")) {
            return Obligation.MANDATORY_IF_APPLICABLE;
        }
        return Obligation.RECOMMENDED;
    }

    /** The obligations a status string can express. */
    enum Obligation {
        /** {@code M}: must be met; never not applicable. */
        MANDATORY,
        /** {@code MC}, {@code MF}, {@code MCF}: met, or not applicable with a justification. */
        MANDATORY_IF_APPLICABLE,
        /** {@code R}, {@code RC}, {@code RF}: met, or not met / not applicable with a justification (ETSI 5.0-1). */
        RECOMMENDED,
        /** IEC 62443-4-2: required from its SL upward; decides the achieved security level. */
        BY_SECURITY_LEVEL,
        /** IEC 62443-4-2 entry without a component-level requirement: never counted. */
        NONE
    }
}

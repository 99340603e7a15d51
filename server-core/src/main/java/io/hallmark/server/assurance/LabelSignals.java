package io.hallmark.server.assurance;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What other features know about a labelled product that can suspend its label: its open critical vulnerabilities
 * (vulnerability exposure) and how many devices of its fleet fail integrity checks (attestation).
 *
 * <p>{@link PlatformLabelSignals} answers from the platform's stores; {@link #NONE} reports nothing. Implementations
 * are called at most once a minute per label (see {@link LabelService#status}). Whether a vulnerability is overdue
 * and whether the fleet's failures are too many is decided by {@link LabelStatus} against what the label states.
 */
public interface LabelSignals {
    /** Reports nothing: no vulnerability, no integrity data. */
    LabelSignals NONE = new LabelSignals() {
        @Override
        public List<OpenVulnerability> criticalVulnerabilities(String productId) {
            return List.of();
        }

        @Override
        public Optional<FleetIntegrity> fleetIntegrity(String productId) {
            return Optional.empty();
        }
    };

    /**
     * A critical vulnerability that affects a release of the product still in use, not declared fixed or not
     * affecting.
     *
     * @param id the advisory's id (e.g. {@code GHSA-...}, {@code CVE-...})
     * @param knownSince when it became known (the advisory's publication); its fix deadline runs from here
     * @param detail for people: why it is critical and where it is (release, component)
     */
    record OpenVulnerability(String id, Instant knownSince, String detail) {
        /** Checks the fields. */
        public OpenVulnerability {
            Checks.notBlank(id, "id");
            Checks.notNull(knownSince, "knownSince");
            Checks.notNull(detail, "detail");
        }
    }

    /**
     * The integrity of the product's fleet: of the devices with an attestation result, how many have a latest result
     * that is contraindicated.
     *
     * @param attested devices of the product with at least one attestation result
     * @param contraindicated of those, the devices whose latest result is contraindicated
     */
    record FleetIntegrity(int attested, int contraindicated) {
        /** Checks the counts. */
        public FleetIntegrity {
            Checks.inRange(attested, 1, Integer.MAX_VALUE, "attested");
            Checks.inRange(contraindicated, 0, attested, "contraindicated");
        }

        /** The contraindicated share in percent, rounded up (so that any share above a whole threshold exceeds it). */
        public int percent() {
            return (int) ((contraindicated * 100L + attested - 1) / attested);
        }
    }

    /** The product's open critical vulnerabilities, overdue or not. */
    List<OpenVulnerability> criticalVulnerabilities(String productId);

    /** The integrity of the product's fleet; empty when no device of it has an attestation result. */
    Optional<FleetIntegrity> fleetIntegrity(String productId);
}

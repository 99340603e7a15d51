package io.hallmark.server.assurance;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * What other features know about a labelled product that can suspend its label: unfixed critical vulnerabilities
 * past their deadline (vulnerability handling) and the share of its fleet failing integrity checks (attestation).
 *
 * <p>This is a hook: those features arrive with later issues and plug in an implementation; until then {@link #NONE}
 * reports nothing, and only the support period and revocation change a label's status. Implementations answer from
 * their own stores or caches; they are called at most once a minute per label (see {@link LabelService#status}).
 */
public interface LabelSignals {
    /** Reports nothing: no vulnerability, no integrity data. */
    LabelSignals NONE = new LabelSignals() {
        @Override
        public List<String> overdueCriticalVulnerabilities(String productId, Instant now) {
            return List.of();
        }

        @Override
        public OptionalInt integrityFailurePercent(String productId) {
            return OptionalInt.empty();
        }
    };

    /**
     * Identifiers (e.g. CVE ids) of critical vulnerabilities of {@code productId} that are unfixed past the deadline
     * the manufacturer committed to (CRA Annex I Part II), as of {@code now}.
     */
    List<String> overdueCriticalVulnerabilities(String productId, Instant now);

    /** The share (0..100) of the product's fleet whose last integrity check failed; empty when unknown. */
    OptionalInt integrityFailurePercent(String productId);
}

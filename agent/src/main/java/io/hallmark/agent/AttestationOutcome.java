package io.hallmark.agent;

import io.hallmark.protocol.attestation.Finding;
import io.hallmark.protocol.attestation.Tier;
import java.util.List;
import java.util.Optional;

/**
 * How one attestation ended.
 *
 * @param status the result's status; {@link Tier#NONE} when the evidence was refused
 * @param ear the signed result (EAR, compact JWS), when the evidence was appraised
 * @param findings the findings of the result, or the ids of the refusal (severity rejected)
 * @param refusal the server's problem detail when the evidence was refused
 */
public record AttestationOutcome(Tier status, Optional<String> ear, List<Finding> findings, Optional<String> refusal) {
    /** Copies the list. */
    public AttestationOutcome {
        findings = List.copyOf(findings);
    }

    /** Whether the server refused the evidence. */
    public boolean refused() {
        return refusal.isPresent();
    }

    /** The ids of the findings. */
    public List<String> findingIds() {
        return findings.stream().map(Finding::id).toList();
    }
}

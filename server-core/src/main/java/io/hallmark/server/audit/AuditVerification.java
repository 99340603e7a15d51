package io.hallmark.server.audit;

import java.util.List;
import java.util.Optional;

/**
 * The result of verifying the audit log.
 *
 * @param entries how many entries were checked
 * @param checkpoints how many checkpoints were checked
 * @param lastSeq the last sequence number seen
 * @param firstBrokenSeq the first sequence number where the chain breaks, if it does
 * @param findings every problem found, in the order found
 */
public record AuditVerification(
        long entries, long checkpoints, long lastSeq, Optional<Long> firstBrokenSeq, List<AuditFinding> findings) {
    /** Whether the log verified without a finding. */
    public boolean ok() {
        return findings.isEmpty();
    }

    /** The result as the wire contract shows it (API answer, CLI output). */
    public io.hallmark.protocol.v1.AuditVerificationView view() {
        return new io.hallmark.protocol.v1.AuditVerificationView(
                ok(),
                entries,
                checkpoints,
                lastSeq,
                firstBrokenSeq.orElse(null),
                findings.stream()
                        .map(f -> new io.hallmark.protocol.v1.AuditFindingView(f.id(), f.seq(), f.message()))
                        .toList());
    }
}

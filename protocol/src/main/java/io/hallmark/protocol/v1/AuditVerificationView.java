package io.hallmark.protocol.v1;

import java.util.List;

/**
 * The result of {@code GET /api/v1/audit/verify}.
 *
 * @param firstBrokenSeq the first sequence number where the chain breaks, or null when it verifies
 */
public record AuditVerificationView(
        boolean ok,
        long entries,
        long checkpoints,
        long lastSeq,
        Long firstBrokenSeq,
        List<AuditFindingView> findings) {}

package io.hallmark.server.audit;

import java.util.Optional;

/**
 * An entry as a verifier sees it: in full, or redacted to its sequence, content hash and chain hash (entries of
 * other organizations, in an export made for one organization).
 *
 * @param seq the sequence number
 * @param entry the whole entry, when not redacted
 * @param contentHash the content hash as exported; for a full entry it is recomputed and compared
 * @param hash the chain hash as stored
 */
public record ExportedEntry(long seq, Optional<AuditEntry> entry, String contentHash, String hash) {
    /** A full entry. */
    public static ExportedEntry full(AuditEntry e) {
        return new ExportedEntry(
                e.seq(), Optional.of(e), AuditChain.contentHash(e.seq(), e.time(), e.record()), e.hash());
    }

    /** A redacted entry. */
    public static ExportedEntry redacted(AuditEntry e) {
        return new ExportedEntry(
                e.seq(), Optional.empty(), AuditChain.contentHash(e.seq(), e.time(), e.record()), e.hash());
    }
}

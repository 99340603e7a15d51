package io.hallmark.server.audit;

/**
 * One problem found while verifying the audit log.
 *
 * @param id a stable identifier, stored and matched by tools: see the constants
 * @param seq the sequence number the problem is at
 * @param message what is wrong, for a person
 */
public record AuditFinding(String id, long seq, String message) {
    /** The stored hash of an entry is not the hash of its content chained to the entry before. */
    public static final String HASH_MISMATCH = "audit.entry.hash-mismatch";
    /** An entry's content does not hash to the content hash it was exported with. */
    public static final String CONTENT_MISMATCH = "audit.entry.content-mismatch";
    /** A sequence number is missing: an entry was removed. */
    public static final String SEQUENCE_GAP = "audit.entry.sequence-gap";
    /** A sequence number repeats or goes backwards: an entry was inserted or moved. */
    public static final String SEQUENCE_ORDER = "audit.entry.sequence-order";
    /** A checkpoint's signature does not verify with the audit public key. */
    public static final String CHECKPOINT_SIGNATURE = "audit.checkpoint.signature-invalid";
    /** A checkpoint's signed head differs from the chain's hash at its sequence. */
    public static final String CHECKPOINT_MISMATCH = "audit.checkpoint.head-mismatch";
    /** A checkpoint names a sequence past the last entry: entries were cut from the end. */
    public static final String CHECKPOINT_BEYOND_LOG = "audit.checkpoint.beyond-log";
    /** A line of an export cannot be read. */
    public static final String MALFORMED = "audit.export.malformed";
}

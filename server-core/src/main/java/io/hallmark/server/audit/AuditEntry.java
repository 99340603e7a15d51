package io.hallmark.server.audit;

import io.hallmark.core.Checks;
import java.time.Instant;

/**
 * An entry of the audit log as stored: the record, its place in the chain and its hash.
 *
 * @param seq 1, 2, 3, ... without gaps
 * @param time when it was appended, in milliseconds
 * @param hash hex SHA-256 chaining this entry to the one before, see {@link AuditChain}
 */
public record AuditEntry(long seq, Instant time, AuditRecord record, String hash) {
    /** Checks the fields. */
    public AuditEntry {
        Checks.positive(seq, "seq");
        Checks.notNull(time, "time");
        Checks.notNull(record, "record");
        Checks.notBlank(hash, "hash");
    }
}

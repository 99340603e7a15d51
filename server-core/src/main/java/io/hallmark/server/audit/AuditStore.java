package io.hallmark.server.audit;

import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of the audit chain and its checkpoints (a port).
 *
 * <p>Appends are serialized by {@link #lockHead()}: it locks the head until the transaction ends, so two
 * transactions never chain to the same entry.
 */
public interface AuditStore {
    /** Locks the chain head for this transaction and returns it ({@link ChainHead#GENESIS} when empty). */
    ChainHead lockHead();

    /** Appends an entry whose seq is the locked head's plus one, and moves the head to it. */
    void append(AuditEntry entry);

    /** Appends consecutive entries after the locked head in one batch, and moves the head to the last. */
    void appendAll(List<AuditEntry> entries);

    /** Stores a record to be chained later, without locking the head (deferred sealing). */
    void appendPending(java.time.Instant time, AuditRecord record);

    /** Up to {@code limit} waiting records, oldest first; call with the head locked. */
    List<PendingRecord> pending(int limit);

    /** Removes the waiting records {@code ids} (chained in this transaction). */
    void deletePending(List<Long> ids);

    /** Entries matching {@code query}, newest first; the cursor is the last seq of the previous page. */
    Page<AuditEntry> list(AuditQuery query, PageRequest page);

    /** Up to {@code limit} entries with seq {@code >= fromSeq}, in ascending seq order. */
    List<AuditEntry> range(long fromSeq, int limit);

    /** Inserts a checkpoint. */
    void insertCheckpoint(AuditCheckpoint checkpoint);

    /** The checkpoint with the highest seq. */
    Optional<AuditCheckpoint> latestCheckpoint();

    /** Every checkpoint, ascending by seq. */
    List<AuditCheckpoint> checkpoints();
}

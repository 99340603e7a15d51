package io.hallmark.server.audit;

/**
 * Somewhere outside the database that keeps a copy of every checkpoint (a file on another volume, a URL), so that
 * entries cut from the end of the log after the last checkpoint in the database are still detected.
 */
@FunctionalInterface
public interface CheckpointWitness {
    /** Hands a new checkpoint to the witness; failures are logged by the caller and retried at the next one. */
    void publish(AuditCheckpoint checkpoint) throws Exception;
}

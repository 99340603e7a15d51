package io.hallmark.server.persistence;

/**
 * Runs work in one database transaction: everything it writes commits together, or nothing does.
 *
 * <p>A change and the audit entry that records it are written inside the same call, so no committed change lacks
 * its entry. Calls do not nest.
 */
public interface Transactor {

    /** Runs {@code work} in a read-write transaction and commits it; rolls back when it throws. */
    <T> T inTransaction(Work<T> work);

    /** Runs {@code work} in a read-only transaction. */
    <T> T read(Work<T> work);

    /** A unit of work over the stores. */
    @FunctionalInterface
    interface Work<T> {
        /** Does the work with the stores of the current transaction. */
        T run(Stores stores);
    }
}

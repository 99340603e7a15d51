package io.hallmark.server.behaviour;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Suppressions of behaviour alerts (table {@code alert_suppressions}; a port). */
public interface SuppressionStore {
    /** Stores a new suppression. */
    void insert(AlertSuppression suppression);

    /** The suppression with {@code id}. */
    Optional<AlertSuppression> find(String id);

    /**
     * Marks a suppression lifted, unless it already is.
     *
     * @return whether it was not lifted before
     */
    boolean lift(String id, Alert.Triage lifted);

    /** The suppressions of {@code orgId}, newest first; expired and lifted ones only when {@code all}. */
    List<AlertSuppression> list(String orgId, boolean all, Instant now, int limit);

    /** Every suppression of any organization neither lifted nor expired at {@code now} (loaded at start). */
    List<AlertSuppression> active(Instant now, int limit);
}

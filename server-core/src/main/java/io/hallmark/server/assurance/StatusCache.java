package io.hallmark.server.assurance;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public status answers, per label: an answer is reused until it is {@link #MAX_AGE} old or the label changes
 * (issue, revoke), so that {@code /verify} answers from memory and a status that changes by the passing of time
 * (expiry, end of support, signals) is seen within a minute.
 */
final class StatusCache {
    static final Duration MAX_AGE = Duration.ofMinutes(1);
    /** Bounds memory: past this many labels the cache starts over (labels are few; verifiers look up a few). */
    static final int MAX_ENTRIES = 20_000;

    private final ConcurrentHashMap<String, Verification> answers = new ConcurrentHashMap<>();

    Optional<Verification> find(String labelId, Instant now) {
        Verification v = answers.get(labelId);
        if (v == null || !now.isBefore(v.checkedAt().plus(MAX_AGE)) || now.isBefore(v.checkedAt())) {
            return Optional.empty();
        }
        return Optional.of(v);
    }

    void put(Verification v) {
        if (answers.size() >= MAX_ENTRIES) {
            answers.clear();
        }
        answers.put(v.label().id(), v);
    }

    void invalidate(String labelId) {
        answers.remove(labelId);
    }
}

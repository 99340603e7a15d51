package io.hallmark.server.audit;

import io.hallmark.core.Checks;
import java.time.Instant;

/**
 * A signed statement that the log held {@code seq} entries with head hash {@code head} at {@code time}.
 *
 * @param jws the compact JWS (ES256) over the canonical JSON {@code {"head", "seq", "time", "v"}}
 */
public record AuditCheckpoint(long seq, String head, Instant time, String jws) {
    /** Checks the fields. */
    public AuditCheckpoint {
        Checks.positive(seq, "seq");
        Checks.notBlank(head, "head");
        Checks.notNull(time, "time");
        Checks.notBlank(jws, "jws");
    }
}

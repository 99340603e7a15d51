package io.hallmark.protocol.v1;

import java.time.Instant;

/** A break-glass session as the API shows it. */
public record BreakGlassView(
        String id,
        String user,
        String org,
        String reason,
        Instant startedAt,
        Instant expiresAt,
        Instant endedAt,
        boolean active,
        String reviewedBy,
        Instant reviewedAt,
        String reviewNote) {}

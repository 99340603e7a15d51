package io.hallmark.protocol.v1;

import java.time.Instant;

/** A token as the API lists it (never its secret). */
public record TokenView(String id, String user, String name, Instant createdAt, Instant expiresAt, Instant revokedAt) {}

package io.hallmark.protocol.v1;

/** One problem found by audit verification; {@code id} is stable (e.g. {@code audit.entry.hash-mismatch}). */
public record AuditFindingView(String id, long seq, String message) {}

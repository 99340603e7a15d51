package io.hallmark.protocol.v1;

/**
 * The body of {@code POST /api/v1/fleet-audit/runs}.
 *
 * @param org the organization to audit (id or name); the caller's when absent
 */
public record FleetAuditRunRequest(String org) {}

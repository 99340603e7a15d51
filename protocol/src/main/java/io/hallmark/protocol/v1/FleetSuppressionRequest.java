package io.hallmark.protocol.v1;

import java.time.Instant;

/**
 * The body of {@code POST /api/v1/fleet-audit/suppressions}.
 *
 * @param org the organization (id or name); the caller's when absent
 * @param check the check's stable id; required
 * @param resource the resource's id; every resource of the check when absent
 * @param reason why; required, at most 1000 characters
 * @param expires when it stops applying; required, in the future and within 366 days
 */
public record FleetSuppressionRequest(String org, String check, String resource, String reason, Instant expires) {}

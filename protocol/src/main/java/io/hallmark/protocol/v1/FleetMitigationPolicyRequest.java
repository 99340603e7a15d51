package io.hallmark.protocol.v1;

import java.util.List;

/**
 * The body of {@code PUT /api/v1/fleet-audit/policy}: replaces the organization's mitigation policy.
 *
 * @param org the organization (id or name); the caller's when absent
 * @param rules the rules, at most 64, each match once; empty: the audit only reports
 */
public record FleetMitigationPolicyRequest(String org, List<FleetMitigationRule> rules) {}

package io.hallmark.protocol.v1;

import java.time.Instant;
import java.util.List;

/**
 * An organization's fleet-audit mitigation policy.
 *
 * @param org the organization's id
 * @param rules the rules, in order
 * @param updatedBy who set it, absent when never set
 * @param updatedAt when, absent when never set
 */
public record FleetMitigationPolicyView(
        String org, List<FleetMitigationRule> rules, String updatedBy, Instant updatedAt) {}

package io.hallmark.protocol.v1;

import java.util.List;

/**
 * One rule of a fleet-audit mitigation policy.
 *
 * @param match a check id (e.g. {@code device.credentials.default}) or a severity ({@code low}, {@code medium},
 *     {@code high}, {@code critical})
 * @param actions one or more of {@code notify}, {@code quarantine}, {@code rollout}
 */
public record FleetMitigationRule(String match, List<String> actions) {}

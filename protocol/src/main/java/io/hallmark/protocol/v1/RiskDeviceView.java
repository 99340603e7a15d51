package io.hallmark.protocol.v1;

import java.util.List;

/**
 * A device's risk score and what it is made of (docs/risk-score.md).
 *
 * @param device device id
 * @param serial its serial
 * @param product its product id, or null
 * @param firmware the firmware version of its latest telemetry report, or null
 * @param score 0 (nothing known against it) to 100
 * @param factors what contributed, worst first
 */
public record RiskDeviceView(
        String device, String serial, String product, String firmware, int score, List<Factor> factors) {
    /**
     * One contribution to the score.
     *
     * @param factor findings, alerts, attestation or exposure
     * @param detail what was counted
     * @param points the points it added (after its cap)
     */
    public record Factor(String factor, String detail, int points) {}
}

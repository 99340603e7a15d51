/**
 * Per-device risk scores (docs/risk-score.md): {@link io.hallmark.server.risk.RiskScore} is the pure formula,
 * {@link io.hallmark.server.risk.RiskService} feeds it set-wise, one page of devices at a time.
 */
package io.hallmark.server.risk;

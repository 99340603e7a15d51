package io.hallmark.protocol.v1;

/**
 * One finding of an appraisal ({@code docs/protocol/attestation.md}).
 *
 * @param id the stable id, e.g. {@code attestation.measurement.mismatch}
 * @param severity info, warning, contraindicated or rejected
 */
public record AttestationFindingView(String id, String severity, String expected, String actual) {}

/**
 * Remote attestation in the RATS background-check model (RFC 9334 §5.2): the device's evidence, an Entity Attestation
 * Token in JWT form (RFC 9711, {@code application/eat+jwt}), its strict bounded parser ({@link
 * io.hallmark.protocol.attestation.EvidenceParser}), the pure appraisal ({@link
 * io.hallmark.protocol.attestation.Appraiser}) that collects {@link io.hallmark.protocol.attestation.Finding}s, and the
 * attestation result in the EAT Attestation Result form (draft-ietf-rats-ear-03) with its AR4SI trustworthiness vector
 * ({@link io.hallmark.protocol.attestation.EarClaims}). The wire format is specified in {@code
 * docs/protocol/attestation.md}.
 */
package io.hallmark.protocol.attestation;

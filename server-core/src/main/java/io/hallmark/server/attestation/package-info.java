/**
 * Remote attestation, the verifier of the RATS background-check model (RFC 9334 §5.2): nonces for devices, the
 * appraisal of their evidence ({@link io.hallmark.protocol.attestation.Appraiser}) with facts from the identity
 * feature and reference values from a {@link io.hallmark.server.attestation.ReferenceValues} port, signed results
 * (EAR), their history, the live integrity status of each device, and the owner's attestation policy.
 */
package io.hallmark.server.attestation;

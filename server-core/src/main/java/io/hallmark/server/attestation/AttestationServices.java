package io.hallmark.server.attestation;

/**
 * The attestation feature's services.
 *
 * @param verifier the device side: nonces and appraisals
 * @param queries the operators' side: results, integrity, policy, reference values
 */
public record AttestationServices(AttestationService verifier, AttestationQueries queries) {}

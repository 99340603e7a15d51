package io.hallmark.protocol.v1;

/**
 * A nonce for evidence ({@code POST /attest/nonce} on the device port).
 *
 * @param nonce base64url of 32 random bytes, to be put into {@code eat_nonce} unchanged
 * @param expiresIn seconds the nonce is taken for
 */
public record AttestationNonceView(String nonce, long expiresIn) {}

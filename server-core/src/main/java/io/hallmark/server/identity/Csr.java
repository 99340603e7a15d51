package io.hallmark.server.identity;

import java.security.PublicKey;
import java.util.Optional;

/**
 * A certification request whose proof of possession and key were checked by {@link CsrVerifier}.
 *
 * @param publicKey the key to certify
 * @param serialNumber the subject's serialNumber attribute (X.520), if present
 * @param commonName the subject's common name, if present
 * @param der the request as received, DER
 */
public record Csr(PublicKey publicKey, Optional<String> serialNumber, Optional<String> commonName, byte[] der) {}

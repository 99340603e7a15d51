package io.hallmark.protocol.v1;

/**
 * An issuing CA revoked by its organization's root: the root's CRL lists its certificate serial.
 *
 * @param org the organization's id
 * @param ca the issuing CA's id (its vault alias, the name of its own CRL), e.g. {@code org.acme.ldevid-ca}
 * @param root the root's id, whose CRL ({@code /crl/<root>.crl}) lists the revoked CA
 * @param serial the CA certificate's serial number, lower-case hexadecimal
 * @param reason the CRLReason name (RFC 5280 §5.3.1)
 * @param revokedAt when, ISO-8601
 * @param revokedBy the user who revoked it
 */
public record CaRevocationView(
        String org, String ca, String root, String serial, String reason, String revokedAt, String revokedBy) {}

package io.hallmark.protocol.voucher;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An ownership voucher: the manufacturer's statement that the device {@code serialNumber} belongs to the domain whose
 * CA certificate is {@code pinnedDomainCert} (RFC 8366 §5.3, the leaves of {@code ietf-voucher:voucher}).
 *
 * @param createdOn when the voucher was made
 * @param expiresOn when it stops being valid; RFC 8366 requires it when there is no nonce
 * @param assertion what the MASA checked before issuing it
 * @param serialNumber the device's serial number, as in its IDevID subject
 * @param idevidIssuer the authority key identifier of the IDevID's issuer, when given
 * @param pinnedDomainCert the DER certificate the device must trust for the new domain
 * @param domainCertRevocationChecks whether the device must check revocation of the domain's certificates
 * @param nonce the nonce of the voucher request it answers, for a nonce-bound voucher
 */
public record Voucher(
        Instant createdOn,
        Optional<Instant> expiresOn,
        Assertion assertion,
        String serialNumber,
        Optional<byte[]> idevidIssuer,
        byte[] pinnedDomainCert,
        Optional<Boolean> domainCertRevocationChecks,
        Optional<byte[]> nonce) {

    /** What the MASA asserts it verified (RFC 8366 §5.3, leaf {@code assertion}). */
    public enum Assertion {
        /** The MASA verified ownership, e.g. from sales records. */
        VERIFIED,
        /** The MASA logged the request and issues without verifying ownership. */
        LOGGED,
        /** The registrar was in proximity of the device. */
        PROXIMITY;

        /** The YANG enumeration name. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The assertion named {@code wire}. */
        public static Assertion fromWire(String wire) {
            for (Assertion a : values()) {
                if (a.wire().equals(wire)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("assertion: " + wire + " (expected: verified, logged or proximity)");
        }
    }

    /** Checks the fields: a voucher without a nonce must expire (RFC 8366 §5.3, {@code expires-on}). */
    public Voucher {
        Checks.notNull(createdOn, "createdOn");
        Checks.notNull(expiresOn, "expiresOn");
        Checks.notNull(assertion, "assertion");
        Checks.notBlank(serialNumber, "serialNumber");
        Checks.notNull(idevidIssuer, "idevidIssuer");
        Checks.notNull(pinnedDomainCert, "pinnedDomainCert");
        Checks.check(pinnedDomainCert.length > 0, "pinnedDomainCert", "empty", "a DER certificate");
        Checks.notNull(domainCertRevocationChecks, "domainCertRevocationChecks");
        Checks.notNull(nonce, "nonce");
        Checks.check(
                nonce.isPresent() || expiresOn.isPresent(),
                "expiresOn",
                "absent",
                "present when the voucher has no nonce (RFC 8366 §5.3)");
        pinnedDomainCert = pinnedDomainCert.clone();
    }

    @Override
    public byte[] pinnedDomainCert() {
        return pinnedDomainCert.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Voucher v
                && createdOn.equals(v.createdOn)
                && expiresOn.equals(v.expiresOn)
                && assertion == v.assertion
                && serialNumber.equals(v.serialNumber)
                && sameBytes(idevidIssuer, v.idevidIssuer)
                && Arrays.equals(pinnedDomainCert, v.pinnedDomainCert)
                && domainCertRevocationChecks.equals(v.domainCertRevocationChecks)
                && sameBytes(nonce, v.nonce);
    }

    @Override
    public int hashCode() {
        return serialNumber.hashCode() * 31 + Arrays.hashCode(pinnedDomainCert);
    }

    private static boolean sameBytes(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }
}

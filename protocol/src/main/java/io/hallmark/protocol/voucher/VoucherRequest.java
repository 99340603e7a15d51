package io.hallmark.protocol.voucher;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A pledge's voucher request (RFC 8995 §3.3, the leaves of {@code ietf-voucher-request:voucher} a pledge sets).
 *
 * @param createdOn when the pledge made it (may be absent when the pledge has no clock)
 * @param serialNumber the pledge's serial number, as in its IDevID
 * @param nonce a fresh random value the voucher must echo
 * @param proximityRegistrarCert the registrar's TLS certificate the pledge saw, DER, when given
 * @param priorSignedVoucherRequest in a registrar's request to the MASA (RFC 8995 §5.5): the pledge's signed request
 */
public record VoucherRequest(
        Optional<Instant> createdOn,
        String serialNumber,
        byte[] nonce,
        Optional<byte[]> proximityRegistrarCert,
        Optional<String> priorSignedVoucherRequest) {
    /** Checks the fields: a nonce of 8 to 64 bytes. */
    public VoucherRequest {
        Checks.notNull(createdOn, "createdOn");
        Checks.notBlank(serialNumber, "serialNumber");
        Checks.notNull(nonce, "nonce");
        Checks.inRange(nonce.length, 8, 64, "nonce length");
        Checks.notNull(proximityRegistrarCert, "proximityRegistrarCert");
        Checks.notNull(priorSignedVoucherRequest, "priorSignedVoucherRequest");
        nonce = nonce.clone();
    }

    /** A pledge's request (RFC 8995 §3.3): without a prior signed request. */
    public VoucherRequest(
            Optional<Instant> createdOn, String serialNumber, byte[] nonce, Optional<byte[]> proximityRegistrarCert) {
        this(createdOn, serialNumber, nonce, proximityRegistrarCert, Optional.empty());
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }
}

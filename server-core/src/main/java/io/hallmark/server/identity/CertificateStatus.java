package io.hallmark.server.identity;

import java.util.Locale;

/** The revocation state of a device certificate, as OCSP and CRLs report it (RFC 6960 §2.2, RFC 5280 §5.3.1). */
public enum CertificateStatus {
    /** Not revoked. */
    GOOD,
    /** Suspended: revoked with reason certificateHold, lifted when the hold is released. */
    HELD,
    /** Revoked for good. */
    REVOKED;

    /** The name on the wire: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import java.time.Instant;

/**
 * The revocation status of one certificate, as the OCSP responder answers it (RFC 6960 §2.2) and the CRL lists it
 * (RFC 5280 §5.3.1).
 *
 * <ul>
 *   <li>{@link Good}: issued by the CA and neither held nor revoked.
 *   <li>{@link Held}: suspended, for instance while its device is quarantined; OCSP answers {@code revoked} with
 *       reason {@code certificateHold} and the CRL lists it with that reason. Releasing the hold makes it good again,
 *       which RFC 5280 §5.3.1 allows for this reason only.
 *   <li>{@link Revoked}: revoked for good with a {@link Reason}, for instance when its device is decommissioned.
 *   <li>{@link Unknown}: the CA never issued a certificate with this serial, as far as the platform knows.
 * </ul>
 */
public sealed interface CertificateStatus
        permits CertificateStatus.Good, CertificateStatus.Held, CertificateStatus.Revoked, CertificateStatus.Unknown {

    /** The one good status. */
    CertificateStatus GOOD = new Good();

    /** The one unknown status. */
    CertificateStatus UNKNOWN = new Unknown();

    /** A held status since {@code since}. */
    static CertificateStatus held(Instant since) {
        return new Held(since);
    }

    /** A revoked status since {@code since} for {@code reason}. */
    static CertificateStatus revoked(Instant since, Reason reason) {
        return new Revoked(since, reason);
    }

    /**
     * Why a certificate was revoked for good: the CRLReason codes of RFC 5280 §5.3.1 a CA of the platform uses.
     * {@code certificateHold} (6) is {@link Held} instead, since it is the one reason that can be lifted; {@code
     * removeFromCRL} (8) belongs to delta CRLs only, and the attribute-authority reasons do not apply.
     */
    enum Reason {
        /** {@code unspecified} (0). */
        UNSPECIFIED(0),
        /** {@code keyCompromise} (1): the device's private key is known or suspected to be disclosed. */
        KEY_COMPROMISE(1),
        /** {@code cACompromise} (2): the key of a CA above it is compromised. */
        CA_COMPROMISE(2),
        /** {@code affiliationChanged} (3): the device changed owner or organization. */
        AFFILIATION_CHANGED(3),
        /** {@code superseded} (4): a newer certificate replaces it, for instance after re-enrollment. */
        SUPERSEDED(4),
        /** {@code cessationOfOperation} (5): the device is decommissioned. */
        CESSATION_OF_OPERATION(5),
        /** {@code privilegeWithdrawn} (9): the device may no longer hold what the certificate asserts. */
        PRIVILEGE_WITHDRAWN(9);

        private final int code;

        Reason(int code) {
            this.code = code;
        }

        /** The CRLReason value of RFC 5280 §5.3.1, as it appears in CRL entries and OCSP responses. */
        public int code() {
            return code;
        }
    }

    /** Neither held nor revoked. */
    record Good() implements CertificateStatus {}

    /**
     * Suspended since {@code since}: RFC 5280 reason {@code certificateHold} (6).
     *
     * @param since when the hold began, the revocation time in OCSP and the CRL
     */
    record Held(Instant since) implements CertificateStatus {
        /** The CRLReason value of {@code certificateHold} (RFC 5280 §5.3.1). */
        public static final int CERTIFICATE_HOLD = 6;

        /** Checks the time is there. */
        public Held {
            Checks.notNull(since, "since");
        }
    }

    /**
     * Revoked for good.
     *
     * @param since the revocation time
     * @param reason why
     */
    record Revoked(Instant since, Reason reason) implements CertificateStatus {
        /** Checks both are there. */
        public Revoked {
            Checks.notNull(since, "since");
            Checks.notNull(reason, "reason");
        }
    }

    /** Not issued by this CA, as far as the platform knows (RFC 6960 §2.2 {@code unknown}). */
    record Unknown() implements CertificateStatus {}
}

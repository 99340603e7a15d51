package io.hallmark.agent;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One enrollment or renewal: the pending key (new, or the one of an unfinished attempt), its request, the
 * certificate, the replacement of the identity, and the owner's chain. Onboarding by voucher (RFC 8995) will run
 * before it, with the same birth credential and trust anchor, and end where {@link #enroll} begins.
 */
final class Enrollment {
    private static final Logger LOG = LoggerFactory.getLogger(Enrollment.class);

    private final IdentityStore store;
    private final EstClient est;

    Enrollment(IdentityStore store, EstClient est) {
        this.store = store;
        this.est = est;
    }

    /** Simple enrollment (RFC 7030 §4.2.1) with a secret or the birth certificate. */
    X509Certificate enroll(EstClient.Credentials credentials, String serial) {
        KeyPair keys = store.pendingKey();
        X509Certificate issued;
        try {
            issued = est.simpleEnroll(CertificationRequests.create(keys, serial), credentials);
        } catch (EstException e) {
            forgetKeyIfFinal(e);
            throw e;
        }
        accept(keys, issued);
        LOG.info("enrolled: certificate {} until {}", issued.getSerialNumber().toString(16), issued.getNotAfter());
        return issued;
    }

    /** Re-enrollment (RFC 7030 §4.2.2) with a new key, authenticated by the current certificate. */
    X509Certificate renew(TlsCredential current, String serial) {
        KeyPair keys = store.pendingKey();
        X509Certificate issued;
        try {
            issued = est.simpleReenroll(CertificationRequests.create(keys, serial), current);
        } catch (EstException e) {
            forgetKeyIfFinal(e);
            throw e;
        }
        accept(keys, issued);
        LOG.info(
                "renewed: certificate {} replaces {}, until {}",
                issued.getSerialNumber().toString(16),
                current.certificate().getSerialNumber().toString(16),
                issued.getNotAfter());
        return issued;
    }

    /** A refusal that the same request would meet again: the pending key is of no further use. */
    private void forgetKeyIfFinal(EstException e) {
        switch (e.reason()) {
            case UNAUTHORIZED, FORBIDDEN, BAD_REQUEST -> store.discardPendingKey();
            default -> {
                // kept: the same key is sent again when the request is repeated
            }
        }
    }

    /** Stores an issued certificate with its key, then fetches the owner's chain with the new identity. */
    private void accept(KeyPair keys, X509Certificate issued) {
        if (!Arrays.equals(issued.getPublicKey().getEncoded(), keys.getPublic().getEncoded())) {
            throw new EstException(
                    EstException.Reason.MALFORMED_RESPONSE,
                    "EST: the issued certificate " + issued.getSerialNumber().toString(16)
                            + " is not for the requested key");
        }
        store.commit(issued);
        TlsCredential now = new TlsCredential(keys.getPrivate(), List.of(issued));
        try {
            // RFC 7030 §4.1.3: over TLS authenticated by the explicit trust anchor, the answer may be trusted as is;
            // the new certificate lets the server find the owner without a label
            List<X509Certificate> chain = est.cacerts(new EstClient.ClientCertificate(now));
            if (chain.stream().noneMatch(ca -> issuedBy(issued, ca))) {
                LOG.warn(
                        "cacerts does not hold the issuer of the device certificate ({}); chain.pem not replaced",
                        issued.getIssuerX500Principal().getName());
                return;
            }
            store.writeChain(chain);
        } catch (EstException e) {
            // the identity is in place; the chain is fetched again at the next enrollment or renewal
            LOG.warn("the owner's CA certificates could not be fetched: {}", e.getMessage());
        }
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

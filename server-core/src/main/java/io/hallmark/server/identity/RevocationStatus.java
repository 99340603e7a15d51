package io.hallmark.server.identity;

import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.pki.CertificateStatusSource;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import io.hallmark.server.pki.RevokedCertificate;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The revocation state of device certificates as the OCSP responder and the CRL publisher read it, from the device
 * certificate store; the organizations' issuing CA certificates are good under their roots unless revoked
 * ({@link CaRevocationService}), and then on their root's CRL.
 *
 * <p>An expired certificate stays on its CA's CRL for {@link #KEEP_AFTER_EXPIRY} (two CRL periods), as RFC 5280 §3.3
 * asks.
 */
public final class RevocationStatus implements CertificateStatusSource {
    /** How long a held or revoked certificate stays on the CRL after it expired. */
    public static final Duration KEEP_AFTER_EXPIRY = Duration.ofHours(48);

    private final Transactor tx;
    private final OrganizationCaService cas;
    private final Clock clock;

    /** Creates the source. */
    public RevocationStatus(Transactor tx, OrganizationCaService cas, Clock clock) {
        this.tx = tx;
        this.cas = cas;
        this.clock = clock;
    }

    @Override
    public io.hallmark.server.pki.CertificateStatus status(String caAlias, BigInteger serial) {
        Optional<DeviceCertificate> found = tx.read(s -> s.deviceCertificates().find(caAlias, serial));
        if (found.isEmpty()) {
            if (!isIssuingCa(caAlias, serial)) {
                return io.hallmark.server.pki.CertificateStatus.UNKNOWN;
            }
            return tx.read(s -> s.caRevocations().byRoot(caAlias)).stream()
                    .filter(r -> r.serial().equals(serial))
                    .findFirst()
                    .map(RevocationStatus::of)
                    .orElse(io.hallmark.server.pki.CertificateStatus.GOOD);
        }
        return of(found.get());
    }

    @Override
    public List<RevokedCertificate> revoked(String caAlias) {
        List<RevokedCertificate> out = new ArrayList<>();
        for (DeviceCertificate c : tx.read(
                s -> s.deviceCertificates().revoked(caAlias, clock.instant().minus(KEEP_AFTER_EXPIRY)))) {
            out.add(new RevokedCertificate(c.serialNumber(), of(c)));
        }
        // a root's CRL lists the issuing CAs it revoked (RFC 5280 §5.1.2.6); they are kept however long they live
        for (CaRevocation r : tx.read(s -> s.caRevocations().byRoot(caAlias))) {
            out.add(new RevokedCertificate(r.serial(), of(r)));
        }
        return out;
    }

    private boolean isIssuingCa(String caAlias, BigInteger serial) {
        for (OrganizationCa ca : cas.all()) {
            if (OrganizationCa.rootAlias(ca.orgId()).equals(caAlias)) {
                for (OrganizationCa.Purpose p : ca.purposes()) {
                    if (ca.issuer(p).getSerialNumber().equals(serial)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static io.hallmark.server.pki.CertificateStatus of(CaRevocation r) {
        return io.hallmark.server.pki.CertificateStatus.revoked(r.revokedAt(), r.reason());
    }

    static io.hallmark.server.pki.CertificateStatus of(DeviceCertificate c) {
        return switch (c.status()) {
            case GOOD -> io.hallmark.server.pki.CertificateStatus.GOOD;
            case HELD ->
                io.hallmark.server.pki.CertificateStatus.held(
                        c.statusChangedAt().orElse(c.notBefore()));
            case REVOKED ->
                io.hallmark.server.pki.CertificateStatus.revoked(
                        c.statusChangedAt().orElse(c.notBefore()),
                        reason(c.reason().orElse("")));
        };
    }

    private static io.hallmark.server.pki.CertificateStatus.Reason reason(String name) {
        return switch (name) {
            case "keyCompromise" -> io.hallmark.server.pki.CertificateStatus.Reason.KEY_COMPROMISE;
            case "affiliationChanged" -> io.hallmark.server.pki.CertificateStatus.Reason.AFFILIATION_CHANGED;
            case "superseded" -> io.hallmark.server.pki.CertificateStatus.Reason.SUPERSEDED;
            case "cessationOfOperation" -> io.hallmark.server.pki.CertificateStatus.Reason.CESSATION_OF_OPERATION;
            case "privilegeWithdrawn" -> io.hallmark.server.pki.CertificateStatus.Reason.PRIVILEGE_WITHDRAWN;
            default -> io.hallmark.server.pki.CertificateStatus.Reason.UNSPECIFIED;
        };
    }
}

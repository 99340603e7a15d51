package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.pki.CertificateStatus;
import io.hallmark.server.pki.CertificateStatusListener;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Revocation of an organization's issuing CA by its root, an operator's act after the CA's key is compromised or the CA
 * is retired (needs {@link Permission#CA_REVOKE}, audited in the transaction that stores it, severity high).
 *
 * <p>Once revoked: the root's CRL lists the issuing CA's certificate serial with the reason (RFC 5280 §5.1.2.6, §5.3.1)
 * and OCSP answers {@code revoked} for it when asked with the root as issuer; enrollment and factory issuance under it
 * are refused (they read the revocation before they sign); the fleet audit reports every device still holding a good certificate of it
 * ({@code device.certificate.issuer-revoked}). Revocation is final. The platform cannot yet make a new issuing CA for
 * the organization, so its devices cannot re-enroll under another one: see docs/identity.md.
 */
public final class CaRevocationService {
    /** The CRLReason names (RFC 5280 §5.3.1) an operator may give; certificateHold is not final, so not here. */
    private static final Map<String, CertificateStatus.Reason> REASONS = Map.of(
            "unspecified", CertificateStatus.Reason.UNSPECIFIED,
            "keycompromise", CertificateStatus.Reason.KEY_COMPROMISE,
            "cacompromise", CertificateStatus.Reason.CA_COMPROMISE,
            "affiliationchanged", CertificateStatus.Reason.AFFILIATION_CHANGED,
            "superseded", CertificateStatus.Reason.SUPERSEDED,
            "cessationofoperation", CertificateStatus.Reason.CESSATION_OF_OPERATION,
            "privilegewithdrawn", CertificateStatus.Reason.PRIVILEGE_WITHDRAWN);

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final OrganizationCaService cas;
    private final Clock clock;
    private final List<CertificateStatusListener> listeners = new CopyOnWriteArrayList<>();

    /** Creates the service. */
    public CaRevocationService(
            Transactor tx, AuditLog audit, Guard guard, AccessService access, OrganizationCaService cas, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.cas = Checks.notNull(cas, "cas");
        this.clock = Checks.notNull(clock, "clock");
    }

    /**
     * Adds a listener told, after the revocation commits, that the root's status of the CA certificate changed (the
     * OCSP responder and the CRL publisher of the root).
     */
    public void addListener(CertificateStatusListener listener) {
        listeners.add(Checks.notNull(listener, "listener"));
    }

    /**
     * Revokes the issuing CA of {@code purpose} of the organization {@code orgRef} (the caller's when null).
     *
     * @param purpose {@code idevid} or {@code ldevid}
     * @param reason a CRLReason name of RFC 5280 §5.3.1, e.g. {@code keyCompromise}; {@code unspecified} when null
     * @throws InvalidRequestException when the purpose or reason is unknown or the organization has no such CA
     * @throws ConflictException when the CA is already revoked
     */
    public CaRevocation revoke(Caller caller, String orgRef, String purpose, String reason) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        Organization org =
                access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
        guard.check(caller, Permission.CA_REVOKE, org.id(), "ca.revoke", org.id());
        OrganizationCa.Purpose p = purposeOf(purpose);
        CertificateStatus.Reason why = reasonOf(reason);
        OrganizationCa ca = cas.ensure(org)
                .filter(c -> c.purposes().contains(p))
                .orElseThrow(() -> new InvalidRequestException("purpose: organization " + org.name() + " has no "
                        + p.name().toLowerCase(Locale.ROOT) + " issuing CA"));
        CaRevocation revocation = new CaRevocation(
                org.id(),
                ca.issuerAlias(p),
                OrganizationCa.rootAlias(org.id()),
                ca.issuer(p).getSerialNumber(),
                why,
                // CRL times are whole seconds (RFC 5280 §5.1.2.6 revocationDate as UTCTime)
                clock.instant().truncatedTo(ChronoUnit.SECONDS),
                caller.principal().userId());
        tx.inTransaction(s -> {
            if (s.caRevocations().find(revocation.caAlias()).isPresent()) {
                throw new ConflictException("issuing CA " + revocation.caAlias() + " is already revoked");
            }
            s.caRevocations().insert(revocation);
            audit.record(
                    s,
                    caller.record(
                            "ca.revoke",
                            Optional.of(org.id()),
                            revocation.caAlias(),
                            Outcome.SUCCESS,
                            "serial " + revocation.serialHex() + ", reason " + reasonName(why),
                            Severity.HIGH));
            return null;
        });
        for (CertificateStatusListener l : listeners) {
            l.statusChanged(revocation.rootAlias(), revocation.serial());
        }
        return revocation;
    }

    /** The RFC 5280 §5.3.1 name of {@code reason}, e.g. {@code keyCompromise}. */
    public static String reasonName(CertificateStatus.Reason reason) {
        return switch (reason) {
            case UNSPECIFIED -> "unspecified";
            case KEY_COMPROMISE -> "keyCompromise";
            case CA_COMPROMISE -> "cACompromise";
            case AFFILIATION_CHANGED -> "affiliationChanged";
            case SUPERSEDED -> "superseded";
            case CESSATION_OF_OPERATION -> "cessationOfOperation";
            case PRIVILEGE_WITHDRAWN -> "privilegeWithdrawn";
        };
    }

    private static OrganizationCa.Purpose purposeOf(String purpose) {
        if ("idevid".equals(purpose)) {
            return OrganizationCa.Purpose.IDEVID;
        }
        if ("ldevid".equals(purpose)) {
            return OrganizationCa.Purpose.LDEVID;
        }
        throw new InvalidRequestException("purpose: " + shown(purpose) + " (expected: idevid or ldevid)");
    }

    private static CertificateStatus.Reason reasonOf(String reason) {
        if (reason == null) {
            return CertificateStatus.Reason.UNSPECIFIED;
        }
        CertificateStatus.Reason r = REASONS.get(reason.toLowerCase(Locale.ROOT));
        if (r == null) {
            throw new InvalidRequestException("reason: " + shown(reason)
                    + " (expected: unspecified, keyCompromise, cACompromise, affiliationChanged, superseded,"
                    + " cessationOfOperation or privilegeWithdrawn)");
        }
        return r;
    }

    private static String shown(String value) {
        if (value == null) {
            return "missing";
        }
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}

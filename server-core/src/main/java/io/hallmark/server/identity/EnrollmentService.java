package io.hallmark.server.identity;

import io.hallmark.core.Hashes;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Organization;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.errors.AuthenticationException;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.pki.DeviceProfile;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The devices' side of enrollment, as EST (RFC 7030) asks for it: who the device is (its birth certificate, its
 * operational certificate, or a one-time secret), whether its state and its owner's policy let it have a
 * certificate, and the issuance of its LDevID by the owner's CA.
 *
 * <p>Every refusal is audited with its reason and changes nothing; the device is told what RFC 7030 lets it be told
 * (an authentication failure never says which check failed).
 */
public final class EnrollmentService {
    /** How long a device waiting for approval is told to wait before it retries (RFC 7030 §4.2.3). */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private static final Set<DeviceState> ENROLLABLE =
            EnumSet.of(DeviceState.OWNED, DeviceState.ENROLLED, DeviceState.ACTIVE);
    private static final Set<DeviceState> RENEWABLE = EnumSet.of(DeviceState.ENROLLED, DeviceState.ACTIVE);

    private final Transactor tx;
    private final AuditLog audit;
    private final AccessService access;
    private final OrganizationCaService cas;
    private final Lifecycle lifecycle;
    private final CertificateStatusListeners statusListeners;
    private final DeviceAudit log;

    EnrollmentService(
            Transactor tx,
            AuditLog audit,
            AccessService access,
            OrganizationCaService cas,
            Lifecycle lifecycle,
            CertificateStatusListeners statusListeners) {
        this.tx = tx;
        this.audit = audit;
        this.access = access;
        this.cas = cas;
        this.lifecycle = lifecycle;
        this.statusListeners = statusListeners;
        this.log = new DeviceAudit(tx, audit);
    }

    /**
     * The certificates an enrolling device must trust (RFC 7030 §4.1): the owner's LDevID issuing CA and its root.
     * The owner is the organization named by {@code label}, or the owner of the device whose certificate was
     * presented, or the only owner on the platform.
     */
    public List<X509Certificate> caCertificates(Optional<String> label, DeviceCredential credential) {
        Organization owner;
        if (label.isPresent()) {
            owner = access.findOrganization(label.get())
                    .orElseThrow(() -> new NotFoundException("no organization " + label.get()));
        } else if (credential instanceof DeviceCredential.ClientCertificate c) {
            owner = findByCertificate(c.certificate())
                    .flatMap(d -> d.ownerId())
                    .flatMap(access::findOrganization)
                    .orElseThrow(() -> new InvalidRequestException(
                            "owner: name it in the path, /.well-known/est/<organization>/cacerts"));
        } else {
            List<Organization> owners = access.allOrganizations().stream()
                    .filter(o -> !o.isPlatform()
                            && OrganizationCaService.purposesOf(o).contains(OrganizationCa.Purpose.LDEVID))
                    .toList();
            if (owners.size() != 1) {
                throw new InvalidRequestException(
                        "owner: name it in the path, /.well-known/est/<organization>/cacerts");
            }
            owner = owners.get(0);
        }
        OrganizationCa ca = cas.ensure(owner)
                .filter(c -> c.purposes().contains(OrganizationCa.Purpose.LDEVID))
                .orElseThrow(() -> new NotFoundException("no owner " + owner.name()));
        return ca.chain(OrganizationCa.Purpose.LDEVID);
    }

    /**
     * Simple enrollment (RFC 7030 §4.2.1): a device authenticated by its birth certificate, an operational
     * certificate or a one-time secret gets an LDevID from its owner's CA, or is told to wait for approval.
     *
     * @param label the organization in the path, which must be the device's owner when given
     * @param requestId the request's id, in the audit entries
     */
    public Enrollment enroll(DeviceCredential credential, Optional<String> label, byte[] csr, String requestId) {
        return enroll(credential, label, csr, requestId, false);
    }

    /**
     * Server-side key generation (RFC 7030 §4.4) for a device that cannot make keys: authenticated, checked and
     * activated as {@link #enroll}, but the certificate is issued for a P-256 key made here and returned once with
     * it ({@link Enrollment.ServerKey}); the key is neither stored nor logged. The CSR names the device; its own key
     * only proves the request was made by whoever holds it.
     */
    public Enrollment serverKeyGen(DeviceCredential credential, Optional<String> label, byte[] csr, String requestId) {
        return enroll(credential, label, csr, requestId, true);
    }

    private Enrollment enroll(
            DeviceCredential credential, Optional<String> label, byte[] csr, String requestId, boolean serverKey) {
        Authenticated who = authenticate(credential, "est.enroll", requestId);
        Device device = who.device();
        if (!ENROLLABLE.contains(device.state()) || device.ownerId().isEmpty()) {
            throw deny(
                    who, "est.enroll", requestId, "device is " + device.state().wire());
        }
        checkLabel(who, label, "est.enroll", requestId);
        Csr request = checkCsr(who, csr, "est.enroll", requestId);
        Organization owner = access.findOrganization(device.ownerId().get()).orElseThrow();
        ActivationPolicy policy =
                tx.read(s -> s.identityPolicies().findActivation(owner.id())).orElse(ActivationPolicy.AUTO);
        if (policy == ActivationPolicy.APPROVAL && !device.approved() && device.state() == DeviceState.OWNED) {
            Device waiting = tx.inTransaction(s -> {
                Device now = s.devices().findById(device.id()).orElseThrow();
                if (now.enrollmentRequestedAt().isPresent()) {
                    return now;
                }
                Device next = now.withApproval(false, Optional.of(lifecycle.now()), lifecycle.now());
                lifecycle.store(s, now, next);
                lifecycle.note(s, next, "est.enroll.pending", device.id(), Optional.of("waiting for approval"));
                audit.record(s, record(who, "est.enroll", requestId, Outcome.SUCCESS, "waiting for approval"));
                return next;
            });
            return new Enrollment.Pending(waiting, RETRY_AFTER);
        }
        if (!serverKey) {
            return issue(who, owner, request, requestId, "est.enroll");
        }
        KeyPair key = newKey();
        Csr replaced = new Csr(key.getPublic(), request.serialNumber(), request.commonName(), request.der());
        Enrollment.Issued issued = (Enrollment.Issued) issue(who, owner, replaced, requestId, "est.serverkeygen");
        return new Enrollment.ServerKey(issued, key.getPrivate().getEncoded());
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make P-256 keys", e);
        }
    }

    /**
     * Re-enrollment (RFC 7030 §4.2.2): a device authenticated by a good operational certificate of its owner gets a
     * new one for the key in {@code csr}. Its state does not change.
     */
    public Enrollment reenroll(DeviceCredential credential, Optional<String> label, byte[] csr, String requestId) {
        Authenticated who = authenticate(credential, "est.reenroll", requestId);
        if (who.certificate().isEmpty() || who.certificate().get().purpose() != OrganizationCa.Purpose.LDEVID) {
            throw deny(who, "est.reenroll", requestId, "re-enrollment needs the device's operational certificate");
        }
        if (!RENEWABLE.contains(who.device().state())) {
            throw deny(
                    who,
                    "est.reenroll",
                    requestId,
                    "device is " + who.device().state().wire());
        }
        checkLabel(who, label, "est.reenroll", requestId);
        Csr request = checkCsr(who, csr, "est.reenroll", requestId);
        Organization owner =
                access.findOrganization(who.device().ownerId().orElseThrow()).orElseThrow();
        return issue(who, owner, request, requestId, "est.reenroll");
    }

    /** The device a presented certificate was issued to, if it is one of ours. */
    public Optional<Device> findByCertificate(X509Certificate certificate) {
        String sha256 = fingerprint(certificate);
        return tx.read(s -> s.deviceCertificates().findBySha256(sha256).flatMap(c -> s.devices()
                .findById(c.deviceId())));
    }

    /**
     * The device an operational certificate (LDevID, IEEE 802.1AR §8) was issued to, if it is one of ours; empty for a
     * birth certificate, which a device uses only to onboard.
     */
    public Optional<Device> findByOperationalCertificate(X509Certificate certificate) {
        String sha256 = fingerprint(certificate);
        return tx.read(s -> s.deviceCertificates()
                .findBySha256(sha256)
                .filter(c -> c.purpose() == OrganizationCa.Purpose.LDEVID)
                .flatMap(c -> s.devices().findById(c.deviceId())));
    }

    /**
     * The device with serial number {@code serial} that is active, for a transport that knows a device by its serial
     * alone (an external MQTT broker that authenticated the device and names it in the topic); empty when no active
     * device, or more than one (serials of different manufacturers may collide), has it.
     */
    public Optional<Device> findActiveBySerial(String serial) {
        if (serial == null || serial.isBlank()) {
            return Optional.empty();
        }
        List<Device> active = tx.read(s -> s.devices().findAllBySerial(serial)).stream()
                .filter(d -> d.state() == DeviceState.ACTIVE)
                .toList();
        return active.size() == 1 ? Optional.of(active.get(0)) : Optional.empty();
    }

    private Enrollment issue(Authenticated who, Organization owner, Csr csr, String requestId, String action) {
        Device device = who.device();
        OrganizationCa ca = cas.ensure(owner).orElseThrow();
        String issuerAlias = ca.issuerAlias(OrganizationCa.Purpose.LDEVID);
        Optional<CaRevocation> revoked = tx.read(s -> s.caRevocations().find(issuerAlias));
        if (revoked.isPresent()) {
            // a revoked CA signs nothing more (RFC 5280 §5: its root's CRL lists it, so what it signs fails validation)
            throw deny(
                    who,
                    action,
                    requestId,
                    "the issuing CA " + issuerAlias + " was revoked by its root on "
                            + revoked.get().revokedAt() + "; no certificate can be issued under it");
        }
        String cn = csr.commonName().orElse(device.serial());
        X509Certificate certificate;
        try {
            certificate = ca.issue(
                    csr.publicKey(), DeviceProfile.ldevid(device.serial(), cn).build());
        } catch (IllegalArgumentException e) {
            throw deny(who, action, requestId, "CSR: " + e.getMessage());
        }
        DeviceCertificate stored =
                FactoryService.record(ca.issuerAlias(OrganizationCa.Purpose.LDEVID), device, owner.id(), certificate);
        boolean attested =
                tx.read(s -> s.identityPolicies().findActivation(owner.id())).orElse(ActivationPolicy.AUTO)
                        == ActivationPolicy.ATTESTED;
        List<String> published = new ArrayList<>();
        Device result = tx.inTransaction(s -> {
            published.clear();
            Device now = s.devices().findById(device.id()).orElseThrow();
            if (now.state() != device.state() || !now.ownerId().equals(device.ownerId())) {
                throw new io.hallmark.server.persistence.ConflictException(
                        "device " + now.serial() + " changed meanwhile; try again");
            }
            s.deviceCertificates().insert(stored);
            Device next = now;
            if (now.state() == DeviceState.OWNED) {
                next = lifecycle.move(s, next, DeviceState.ENROLLED, "device.enroll", device.id(), Optional.empty());
                published.add("device.enroll");
                if (attested) {
                    // activation waits for an affirming attestation result (attestation's service activates)
                    lifecycle.note(
                            s, next, "device.activate.pending", device.id(), Optional.of("waiting for attestation"));
                } else {
                    next = lifecycle.move(
                            s,
                            next,
                            DeviceState.ACTIVE,
                            "device.activate",
                            device.id(),
                            Optional.of(now.approved() ? "approved" : "activation policy auto"));
                    published.add("device.activate");
                }
            } else {
                lifecycle.note(s, now, action, device.id(), Optional.of("certificate " + stored.serialHex()));
            }
            if (who.credential() instanceof DeviceCredential.Secret) {
                s.devices().deleteEnrollmentSecret(device.id());
            }
            audit.record(s, record(who, action, requestId, Outcome.SUCCESS, "certificate " + stored.serialHex()));
            return next;
        });
        statusListeners.changed(List.of(stored));
        for (String p : published) {
            lifecycle.publish(result, p, "device " + result.serial() + " " + p.substring("device.".length()));
        }
        return new Enrollment.Issued(result, certificate, ca.chain(OrganizationCa.Purpose.LDEVID));
    }

    /** A device and its stored enrollment secret. */
    private record Candidate(Device device, DeviceStore.EnrollmentSecret secret) {}

    /** Who is asking, and with what. */
    private record Authenticated(Device device, Optional<DeviceCertificate> certificate, DeviceCredential credential) {}

    private Authenticated authenticate(DeviceCredential credential, String action, String requestId) {
        switch (credential) {
            case DeviceCredential.ClientCertificate c -> {
                String sha256 = fingerprint(c.certificate());
                Optional<DeviceCertificate> cert =
                        tx.read(s -> s.deviceCertificates().findBySha256(sha256));
                Optional<Device> device =
                        cert.flatMap(dc -> tx.read(s -> s.devices().findById(dc.deviceId())));
                if (cert.isEmpty()) {
                    // a birth certificate of another instance's manufacturer that the owner trusts
                    Optional<Device> external = tx.read(s -> DeviceAuthenticator.externalDevice(s, c.certificate()));
                    if (external.isPresent()) {
                        return new Authenticated(external.get(), Optional.empty(), credential);
                    }
                }
                if (cert.isEmpty() || device.isEmpty()) {
                    throw unauthenticated(action, requestId, "client certificate not issued to a device");
                }
                Authenticated who = new Authenticated(device.get(), cert, credential);
                if (cert.get().status() != CertificateStatus.GOOD) {
                    throw deny(
                            who,
                            action,
                            requestId,
                            "client certificate is " + cert.get().status().wire());
                }
                return who;
            }
            case DeviceCredential.Secret secret -> {
                // one read: the devices with this serial and their secrets
                List<Candidate> candidates = tx.read(s -> {
                    List<Candidate> found = new java.util.ArrayList<>();
                    for (Device d : s.devices().findAllBySerial(secret.serial())) {
                        s.devices().findEnrollmentSecret(d.id()).ifPresent(e -> found.add(new Candidate(d, e)));
                    }
                    return found;
                });
                byte[] presented = Hashes.sha256(secret.secret());
                for (Candidate c : candidates) {
                    if (Hashes.constantTimeEquals(c.secret().hash(), presented)) {
                        if (!lifecycle.now().isBefore(c.secret().expiresAt())) {
                            throw unauthenticated(
                                    action,
                                    requestId,
                                    "enrollment secret of " + c.device().id() + " expired");
                        }
                        return new Authenticated(c.device(), Optional.empty(), credential);
                    }
                }
                throw unauthenticated(action, requestId, "no device " + secret.serial() + " with this secret");
            }
            case DeviceCredential.None n -> throw unauthenticated(action, requestId, "no credentials");
        }
    }

    private void checkLabel(Authenticated who, Optional<String> label, String action, String requestId) {
        if (label.isEmpty()) {
            return;
        }
        Optional<Organization> named = access.findOrganization(label.get());
        if (named.isEmpty()
                || !who.device().ownerId().equals(Optional.of(named.get().id()))) {
            throw deny(who, action, requestId, "the path names " + label.get() + ", not the device's owner");
        }
    }

    private Csr checkCsr(Authenticated who, byte[] csr, String action, String requestId) {
        Csr request;
        try {
            request = CsrVerifier.verify(csr);
        } catch (UntrustedInputException e) {
            audit(who, action, requestId, Outcome.FAILURE, e.getMessage());
            throw e;
        }
        String serial = who.device().serial();
        boolean names = request.serialNumber().map(serial::equals).orElse(false)
                || (request.serialNumber().isEmpty()
                        && request.commonName().map(serial::equals).orElse(false));
        if (!names) {
            String message = "CSR: the subject must name this device (serialNumber=" + serial + ")";
            audit(who, action, requestId, Outcome.FAILURE, message);
            throw new UntrustedInputException(message);
        }
        return request;
    }

    private AuthenticationException unauthenticated(String action, String requestId, String why) {
        return log.unauthenticated(action, requestId, why, "a device certificate or enrollment secret");
    }

    private RuntimeException deny(Authenticated who, String action, String requestId, String why) {
        return log.deny(who.device(), action, requestId, why);
    }

    private void audit(Authenticated who, String action, String requestId, Outcome outcome, String why) {
        log.record(who.device(), action, requestId, outcome, why);
    }

    private static AuditRecord record(
            Authenticated who, String action, String requestId, Outcome outcome, String reason) {
        return DeviceAudit.entry(who.device(), action, requestId, outcome, reason);
    }

    /** The hex SHA-256 of {@code certificate}'s DER encoding: how device certificates are looked up. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return Hashes.hex(Hashes.sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new UntrustedInputException("client certificate cannot be encoded");
        }
    }
}

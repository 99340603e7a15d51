package io.hallmark.server.attestation;

import io.hallmark.core.Checks;
import io.hallmark.core.Ids;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.attestation.Appraiser;
import io.hallmark.protocol.attestation.EarClaims;
import io.hallmark.protocol.attestation.Evidence;
import io.hallmark.protocol.attestation.EvidenceParser;
import io.hallmark.protocol.attestation.Tier;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Principal;
import io.hallmark.server.access.Role;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.events.SecurityEvent;
import io.hallmark.server.identity.ActivationPolicy;
import io.hallmark.server.identity.CertificateStatus;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceAudit;
import io.hallmark.server.identity.DeviceCertificate;
import io.hallmark.server.identity.DeviceService;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.EnrollmentService;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.vault.KeyVault;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The verifier on the device port (RFC 9334 §5.2, background-check model): issues nonces, appraises evidence with the
 * pure {@link Appraiser} fed the device's certificates and their status from the identity service and the reference
 * values from {@link ReferenceValues}, signs the result (EAR), records it as the device's latest, and reacts to a
 * change of the device's integrity: an event, for contraindicated an alert and, by the owner's policy, a quarantine;
 * under the owner's {@link ActivationPolicy#ATTESTED} activation an affirming result activates an enrolled device.
 *
 * <p>Every appraisal is audited, refusals too; refused evidence changes nothing else. Operators' reads are in {@link
 * AttestationQueries}.
 */
public final class AttestationService {
    /** The appraisal policy id written into results. */
    public static final String POLICY_ID = "urn:hallmark:attestation-policy:1";

    private static final Set<DeviceState> ATTESTING = EnumSet.of(DeviceState.ENROLLED, DeviceState.ACTIVE);

    /** What the device is answered: the signed result and its appraisal. */
    public record Result(String ear, Appraiser.Appraisal appraisal) {}

    private final Transactor tx;
    private final AuditLog audit;
    private final DeviceAudit deviceAudit;
    private final IdentityServices identity;
    private final ReferenceValues references;
    private final NonceService nonces;
    private final EarSigner signer;
    private final EventBus events;
    private final Clock clock;
    private final Appraiser appraiser;
    private final String build;
    private final java.util.concurrent.ConcurrentHashMap<String, String> models =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Creates the service.
     *
     * @param references where reference values come from, e.g. {@link ReferenceValues#productAllowLists}
     * @param build the verifier's build, written into {@code ear_verifier_id}
     */
    public AttestationService(
            Transactor tx,
            AuditLog audit,
            IdentityServices identity,
            ReferenceValues references,
            NonceService nonces,
            KeyVault vault,
            EventBus events,
            Clock clock,
            Appraiser.Policy policy,
            String build) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.deviceAudit = new DeviceAudit(tx, audit);
        this.identity = Checks.notNull(identity, "identity");
        this.references = Checks.notNull(references, "references");
        this.nonces = Checks.notNull(nonces, "nonces");
        this.signer = new EarSigner(vault);
        this.events = Checks.notNull(events, "events");
        this.clock = Checks.notNull(clock, "clock");
        this.appraiser = new Appraiser(policy);
        this.build = Checks.notBlank(build, "build");
    }

    /** The platform attestation key as a JWK, for relying parties to verify results offline. */
    public String publicKeyJwk() {
        return signer.jwk();
    }

    /** The platform attestation key. */
    public java.security.PublicKey publicKey() {
        return signer.publicKey();
    }

    /**
     * Issues a nonce to the device that presented {@code certificate} over mutual TLS.
     *
     * @throws io.hallmark.server.errors.AuthenticationException without a certificate of a known device
     * @throws io.hallmark.server.errors.AccessDeniedException when the device is neither enrolled nor active
     */
    public String nonce(X509Certificate certificate, String requestId) {
        Device device = attester(certificate, "attestation.nonce", requestId);
        return nonces.issue(device.serial());
    }

    /**
     * Issues a nonce to device {@code deviceId}, which authenticated itself another way (an MQTT session opened with
     * its operational certificate); its state now is checked as for {@link #nonce(X509Certificate, String)}.
     */
    public String nonceForDevice(String deviceId, String requestId) {
        return nonces.issue(attester(deviceId, "attestation.nonce", requestId).serial());
    }

    /** How long nonces live. */
    public java.time.Duration nonceLifetime() {
        return nonces.lifetime();
    }

    /**
     * Appraises {@code token}, evidence sent by the device that presented {@code certificate}.
     *
     * @return the signed result, whatever its status
     * @throws UntrustedInputException when the evidence is refused, naming the finding ids (audited)
     */
    public Result appraise(X509Certificate certificate, String token, String requestId) {
        Optional<String> sha256 = Optional.ofNullable(certificate).map(EnrollmentService::fingerprint);
        return appraise(
                s -> sha256.flatMap(f -> s.deviceCertificates().findBySha256(f))
                        .flatMap(c -> s.devices().findById(c.deviceId())),
                "no device certificate",
                "the device's operational certificate",
                token,
                requestId);
    }

    /**
     * Appraises {@code token} sent by device {@code deviceId}, which authenticated itself another way (an MQTT session
     * opened with its operational certificate): the same appraisal as {@link #appraise(X509Certificate, String,
     * String)}.
     */
    public Result appraiseForDevice(String deviceId, String token, String requestId) {
        return appraise(s -> s.devices().findById(deviceId), "no such device", "a device known here", token, requestId);
    }

    /** What the appraisal reads about the attester, all in one read transaction (the device port's hot path). */
    private record Attester(
            Device device,
            List<DeviceCertificate> certificates,
            boolean production,
            ReferenceValues.Reference reference) {}

    private Result appraise(
            Function<Stores, Optional<Device>> find, String unknown, String expected, String token, String requestId) {
        // parsing is bounded and pure; it comes first so that the one read below can take the evidence's swversion
        EvidenceParser.Parsed parsed = EvidenceParser.parse(token);
        Optional<String> swversion = parsed.evidence().map(Evidence::swversion);
        Attester attester = tx.read(s -> find.apply(s)
                        .map(d -> ATTESTING.contains(d.state())
                                ? new Attester(
                                        d,
                                        s.deviceCertificates().forDevice(d.id()),
                                        s.attestations().production(d.id()),
                                        parsed.evidence().isPresent()
                                                ? references.forDevice(s, d, swversion)
                                                : ReferenceValues.Reference.NONE)
                                : new Attester(d, List.of(), false, ReferenceValues.Reference.NONE)))
                .orElse(null);
        if (attester == null) {
            throw deviceAudit.unauthenticated("attestation.evidence", requestId, unknown, expected);
        }
        Device device = attester.device();
        if (!ATTESTING.contains(device.state())) {
            throw deviceAudit.deny(
                    device,
                    "attestation.evidence",
                    requestId,
                    "device is " + device.state().wire());
        }
        Optional<Appraiser.IssuedNonce> nonce =
                parsed.evidence().map(Evidence::nonce).flatMap(n -> nonces.take(n, device.serial()));
        Instant now = clock.instant();
        ReferenceValues.Reference reference = attester.reference();
        Appraiser.Facts facts = new Appraiser.Facts(
                device.serial(),
                keys(attester.certificates(), now),
                nonce,
                reference.values(),
                device.productId().map(this::modelOf).filter(m -> !m.isEmpty()),
                attester.production(),
                now,
                reference.revoked());
        Appraiser.Appraisal appraisal = appraiser.appraise(parsed, facts);
        String ids = String.join(", ", appraisal.findingIds());
        if (appraisal.rejected()) {
            deviceAudit.record(device, "attestation.evidence", requestId, Outcome.DENIED, "refused: " + ids);
            throw new UntrustedInputException("evidence refused: " + ids);
        }
        String ear = signer.sign(
                EarClaims.of(appraisal, device.serial(), now, "https://hallmark.invalid", build, POLICY_ID));
        String owner = device.controller();
        AttestationPolicy[] policy = new AttestationPolicy[1];
        Integrity[] before = new Integrity[1];
        tx.inTransaction(s -> {
            // the policy is read in the same transaction: one round trip fewer on the device's hot path
            AttestationPolicy p = s.attestations().findPolicy(owner).orElse(AttestationPolicy.DEFAULT);
            policy[0] = p;
            before[0] = s.attestations()
                    .findLatest(device.id())
                    .map(r -> live(r, p, now))
                    .orElse(Integrity.UNKNOWN);
            s.attestations()
                    .insert(new AttestationRecord(
                            Ids.newOrderedId("att", now), device.id(), owner, appraisal.status(), now, ear));
            AuditRecord entry = DeviceAudit.entry(
                    device,
                    "attestation.evidence",
                    requestId,
                    Outcome.SUCCESS,
                    appraisal.status().wire() + (ids.isEmpty() ? "" : ": " + ids));
            if (appraisal.status() == Tier.CONTRAINDICATED) {
                // a compromised device is what the audit reader looks for first
                entry = new AuditRecord(
                        entry.actor(),
                        entry.orgId(),
                        entry.action(),
                        entry.target(),
                        entry.outcome(),
                        entry.reason(),
                        entry.requestId(),
                        Severity.WARNING,
                        entry.breakGlassId());
            }
            audit.record(s, entry);
            return null;
        });
        respond(device, before[0], Integrity.of(appraisal.status()), ids, policy[0]);
        return new Result(ear, appraisal);
    }

    /** Events, quarantine and attested activation after a recorded result (outside its transaction). */
    private void respond(Device device, Integrity before, Integrity after, String ids, AttestationPolicy policy) {
        String owner = device.controller();
        if (before != after) {
            events.publish(new SecurityEvent(
                    "attestation.status",
                    Optional.of(owner),
                    device.id(),
                    "device " + device.serial() + " integrity " + before.wire() + " -> " + after.wire(),
                    clock.instant()));
        }
        Caller system = system(owner, device);
        if (after == Integrity.CONTRAINDICATED) {
            events.publish(new SecurityEvent(
                    "attestation.contraindicated",
                    Optional.of(owner),
                    device.id(),
                    "device " + device.serial() + " attestation contraindicated: " + ids,
                    clock.instant()));
            if (policy.quarantineOnContraindicated() && device.state() == DeviceState.ACTIVE) {
                try {
                    identity.devices().quarantine(system, device.id(), "attestation contraindicated: " + ids);
                } catch (ConflictException alreadyMoved) {
                    // quarantined or decommissioned meanwhile: nothing left to do
                }
            }
        } else if (after == Integrity.AFFIRMING && device.state() == DeviceState.ENROLLED) {
            ActivationPolicy activation = identity.devices().activationPolicy(system, owner);
            if (activation == ActivationPolicy.ATTESTED) {
                try {
                    identity.devices().approve(system, device.id(), "attestation affirming");
                } catch (ConflictException alreadyMoved) {
                    // activated or retired meanwhile
                }
            }
        }
    }

    private static Caller system(String owner, Device device) {
        Principal p = new Principal(
                "system",
                "attestation-verifier",
                owner,
                false,
                Set.of(Role.SECURITY_OFFICER),
                "system",
                Optional.empty());
        return new Caller(p, "attestation-" + device.id());
    }

    /** The device that presented {@code certificate}, when it may attest; refusals audited. */
    private Device attester(X509Certificate certificate, String action, String requestId) {
        Device device = certificate == null
                ? null
                : identity.enrollment().findByCertificate(certificate).orElse(null);
        if (device == null) {
            throw deviceAudit.unauthenticated(
                    action, requestId, "no device certificate", "the device's operational certificate");
        }
        if (!ATTESTING.contains(device.state())) {
            throw deviceAudit.deny(
                    device, action, requestId, "device is " + device.state().wire());
        }
        return device;
    }

    /** Device {@code deviceId} as it is now, when it may attest; refusals audited. */
    private Device attester(String deviceId, String action, String requestId) {
        Device device = identity.devices()
                .findWithCertificates(deviceId)
                .map(DeviceService.DeviceDetail::device)
                .orElse(null);
        if (device == null) {
            throw deviceAudit.unauthenticated(action, requestId, "no such device", "a device known here");
        }
        if (!ATTESTING.contains(device.state())) {
            throw deviceAudit.deny(
                    device, action, requestId, "device is " + device.state().wire());
        }
        return device;
    }

    /** The device's certificates as the appraiser takes them: chained (issued here, within validity), revoked. */
    private static List<Appraiser.DeviceKey> keys(List<DeviceCertificate> certificates, Instant now) {
        List<Appraiser.DeviceKey> keys = new ArrayList<>();
        for (DeviceCertificate c : certificates) {
            X509Certificate x;
            try {
                x = (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(c.der()));
            } catch (CertificateException e) {
                continue;
            }
            boolean valid;
            try {
                x.checkValidity(Date.from(now));
                valid = true;
            } catch (CertificateException e) {
                valid = false;
            }
            // stored device certificates were issued by an organization CA here: the chain is ours, only its time
            // can lapse
            keys.add(new Appraiser.DeviceKey(x, valid, c.status() != CertificateStatus.GOOD));
        }
        return keys;
    }

    /** A product's model; products do not change their model, so it is looked up once per product. */
    private String modelOf(String productId) {
        return models.computeIfAbsent(
                productId,
                id -> identity.products().findById(id).map(p -> p.model()).orElse(""));
    }

    /** The live integrity of a recorded result under {@code policy} at {@code now}. */
    static Integrity live(AttestationRecord r, AttestationPolicy policy, Instant now) {
        return r.appraisedAt().plus(policy.interval()).isBefore(now) ? Integrity.UNKNOWN : Integrity.of(r.status());
    }
}

package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.core.Ids;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operators' side of device identity: owners add devices that have no birth certificate, approve, quarantine,
 * release, decommission and transfer them, and read their history. Every act is authorized by {@link Guard},
 * checked against {@link DeviceState}, written with its audit entry in one transaction, and published as an event.
 * Factory issuance is {@link FactoryService}'s.
 */
public final class DeviceService {
    /** How long a one-time enrollment secret is valid unless the caller says otherwise. */
    public static final Duration DEFAULT_SECRET_TTL = Duration.ofDays(7);
    /** The longest validity of a one-time enrollment secret. */
    public static final Duration MAX_SECRET_TTL = Duration.ofDays(90);

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final OrganizationCaService cas;
    private final ProductService products;
    private final Lifecycle lifecycle;
    private final CertificateStatusListeners statusListeners;
    private final SecureRandom random = new SecureRandom();
    private final java.util.List<java.util.function.Consumer<String>> policyListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    DeviceService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            OrganizationCaService cas,
            ProductService products,
            Lifecycle lifecycle,
            CertificateStatusListeners statusListeners) {
        this.tx = tx;
        this.audit = audit;
        this.guard = guard;
        this.access = access;
        this.cas = cas;
        this.products = products;
        this.lifecycle = lifecycle;
        this.statusListeners = statusListeners;
    }

    /** A device added with a one-time enrollment secret, shown once. */
    public record AddedDevice(Device device, String secret, Instant expiresAt) {}

    /** A device with its certificates and history. */
    public record DeviceDetail(Device device, List<DeviceCertificate> certificates, List<DeviceEvent> events) {}

    /**
     * Adds a device without a birth certificate to the owner {@code orgRef} (the caller's organization when null),
     * in state {@link DeviceState#OWNED}, with a one-time enrollment secret for EST over HTTP Basic (RFC 7030
     * §3.2.3): the device's serial is the user name, the secret the password.
     *
     * @param ttl how long the secret is valid; at most {@link #MAX_SECRET_TTL}
     */
    public AddedDevice add(
            Caller caller, String orgRef, String serial, Optional<String> productRef, Optional<Duration> ttl) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.DEVICE_PROVISION, org.id(), "device.add", serial);
        if (!org.kinds().contains(OrgKind.OWNER)) {
            throw new InvalidRequestException("org: " + org.name() + " is not an owner");
        }
        checkSerial(serial);
        Duration validity = ttl.orElse(DEFAULT_SECRET_TTL);
        if (validity.compareTo(Duration.ofMinutes(1)) < 0 || validity.compareTo(MAX_SECRET_TTL) > 0) {
            throw new InvalidRequestException("ttl: " + validity + " (expected: 1 minute to 90 days)");
        }
        Optional<String> productId =
                productRef.map(ref -> products.find(caller, null, ref).id());
        cas.ensure(org);
        Instant now = lifecycle.now();
        Device device = new Device(
                Ids.newId("dev"),
                serial,
                org.id(),
                Optional.empty(),
                productId,
                Optional.of(org.id()),
                DeviceState.OWNED,
                false,
                Optional.empty(),
                now,
                now);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expires = now.plus(validity);
        tx.inTransaction(s -> {
            s.devices().insert(device);
            s.devices().putEnrollmentSecret(device.id(), Hashes.sha256(text), expires);
            s.devices()
                    .appendEvent(new DeviceEvent(
                            Ids.newId("dve"),
                            device.id(),
                            now,
                            "device.add",
                            Optional.empty(),
                            DeviceState.OWNED,
                            caller.principal().userId(),
                            Optional.empty()));
            audit.record(s, caller.success("device.add", org.id(), device.id()));
            return null;
        });
        lifecycle.publish(device, "device.add", "device " + serial + " added");
        return new AddedDevice(device, text, expires);
    }

    /** The devices {@code orgRef} (the caller's organization when null) owns or manufactured. */
    public Page<Device> list(Caller caller, String orgRef, Optional<DeviceState> state, PageRequest page) {
        return list(caller, orgRef, DeviceFilter.of(state), page);
    }

    /**
     * The devices {@code orgRef} (the caller's organization when null) owns or manufactured that match {@code filter}.
     */
    public Page<Device> list(Caller caller, String orgRef, DeviceFilter filter, PageRequest page) {
        Checks.notNull(filter, "filter");
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.DEVICE_READ, org.id(), "device.list", org.id());
        return tx.read(s -> s.devices().list(org.id(), filter, page));
    }

    /** A device, its certificates and its history. */
    public DeviceDetail show(Caller caller, String ref) {
        Device device = visible(caller, ref);
        guard.check(caller, Permission.DEVICE_READ, orgFor(caller, device), "device.read", device.id());
        return tx.read(s -> new DeviceDetail(
                device,
                s.deviceCertificates().forDevice(device.id()),
                s.devices().events(device.id())));
    }

    /**
     * The device {@code deviceId} and its certificates, without an authorization check: for services that
     * authenticated the device themselves (attestation appraises evidence with them).
     */
    public Optional<DeviceDetail> findWithCertificates(String deviceId) {
        return tx.read(s -> s.devices()
                .findById(deviceId)
                .map(d -> new DeviceDetail(d, s.deviceCertificates().forDevice(d.id()), List.of())));
    }

    /**
     * Approves activation of a device under the {@link ActivationPolicy#APPROVAL} policy (and, as {@code system},
     * under {@link ActivationPolicy#ATTESTED} after an affirming attestation result).
     */
    public Device approve(Caller caller, String ref, String reason) {
        Device device = controlled(caller, ref, Permission.DEVICE_OPERATE, "device.approve");
        Optional<String> why = reasonOf(reason, false);
        Device result = tx.inTransaction(s -> {
            Device now = current(s, device);
            Device next;
            if (now.state() == DeviceState.ENROLLED) {
                next = lifecycle.move(
                        s,
                        now,
                        DeviceState.ACTIVE,
                        "device.approve",
                        caller.principal().userId(),
                        why);
            } else if (now.state() == DeviceState.OWNED) {
                next = now.withApproval(true, now.enrollmentRequestedAt(), lifecycle.now());
                lifecycle.store(s, now, next);
                lifecycle.note(s, next, "device.approve", caller.principal().userId(), why);
            } else {
                throw new ConflictException("device " + now.serial() + " is "
                        + now.state().wire() + ": only an owned or enrolled device waits for approval");
            }
            audit.record(
                    s,
                    caller.record(
                            "device.approve",
                            Optional.of(now.controller()),
                            now.id(),
                            Outcome.SUCCESS,
                            why.orElse(null),
                            Severity.INFO));
            return next;
        });
        lifecycle.publish(result, "device.approve", "device " + result.serial() + " approved");
        return result;
    }

    /** Suspends the device: its owner's certificates are held (certificateHold) and device endpoints refuse it. */
    public Device quarantine(Caller caller, String ref, String reason) {
        return retire(
                caller,
                ref,
                reason,
                "device.quarantine",
                Permission.DEVICE_OPERATE,
                DeviceState.QUARANTINED,
                EnumSet.of(CertificateStatus.GOOD),
                CertificateStatus.HELD,
                Optional.of("certificateHold"),
                false);
    }

    /** Lifts a quarantine: the held certificates are good again and the device is active. */
    public Device release(Caller caller, String ref, String reason) {
        return retire(
                caller,
                ref,
                reason,
                "device.release",
                Permission.DEVICE_OPERATE,
                DeviceState.ACTIVE,
                EnumSet.of(CertificateStatus.HELD),
                CertificateStatus.GOOD,
                Optional.empty(),
                false);
    }

    /** Takes the device out of service for good: every certificate of it is revoked (cessationOfOperation). */
    public Device decommission(Caller caller, String ref, String reason) {
        return retire(
                caller,
                ref,
                reason,
                "device.decommission",
                Permission.DEVICE_RETIRE,
                DeviceState.DECOMMISSIONED,
                EnumSet.of(CertificateStatus.GOOD, CertificateStatus.HELD),
                CertificateStatus.REVOKED,
                Optional.of("cessationOfOperation"),
                true);
    }

    /**
     * Resale: the owner lets the device go. Every certificate its CAs issued to the device is revoked
     * (affiliationChanged), its enrollment secret is dropped, and the device goes back to its manufacturer in state
     * {@link DeviceState#MANUFACTURED}, ready for a voucher to a new owner; the old owner keeps no access.
     */
    public Device transfer(Caller caller, String ref, String reason) {
        Device device = controlled(caller, ref, Permission.DEVICE_RETIRE, "device.transfer");
        if (device.manufacturerId().isEmpty() || device.ownerId().isEmpty()) {
            throw new ConflictException("device " + device.serial()
                    + " has no owner or no manufacturer on this platform to go back to; decommission it instead");
        }
        return retire(
                caller,
                ref,
                reason,
                "device.transfer",
                Permission.DEVICE_RETIRE,
                DeviceState.MANUFACTURED,
                EnumSet.of(CertificateStatus.GOOD, CertificateStatus.HELD),
                CertificateStatus.REVOKED,
                Optional.of("affiliationChanged"),
                false);
    }

    /** Sets how the owner {@code orgRef}'s devices become active after enrollment. */
    public ActivationPolicy setActivationPolicy(Caller caller, String orgRef, ActivationPolicy policy) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.ENROLLMENT_POLICY_WRITE, org.id(), "enrollment.policy", org.id());
        Checks.notNull(policy, "policy");
        tx.inTransaction(s -> {
            s.identityPolicies().putActivation(org.id(), policy);
            audit.record(
                    s,
                    caller.record(
                            "enrollment.policy",
                            Optional.of(org.id()),
                            org.id(),
                            Outcome.SUCCESS,
                            "activation " + policy.wire(),
                            Severity.INFO));
            return null;
        });
        return policy;
    }

    /**
     * Sets whether the owner {@code orgRef}'s devices are quarantined automatically when their behaviour breaks their
     * product's MUD policy or opens a telnet port (off unless set).
     */
    public boolean setQuarantineOnViolation(Caller caller, String orgRef, boolean quarantine) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.ENROLLMENT_POLICY_WRITE, org.id(), "behaviour.policy", org.id());
        tx.inTransaction(s -> {
            s.identityPolicies().putQuarantineOnViolation(org.id(), quarantine);
            audit.record(
                    s,
                    caller.record(
                            "behaviour.policy",
                            Optional.of(org.id()),
                            org.id(),
                            Outcome.SUCCESS,
                            "quarantine on violation " + quarantine,
                            Severity.INFO));
            return null;
        });
        policyListeners.forEach(l -> l.accept(org.id()));
        return quarantine;
    }

    /** Adds a listener told the id of an owner whose behaviour policy changed (for caches of it). */
    public void addPolicyListener(java.util.function.Consumer<String> listener) {
        policyListeners.add(listener);
    }

    /** Whether the owner {@code orgRef} quarantines automatically on a behaviour violation, for a reader. */
    public boolean quarantineOnViolation(Caller caller, String orgRef) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.DEVICE_READ, org.id(), "behaviour.policy.read", org.id());
        return quarantinesOnViolation(org.id());
    }

    /** Whether the owner {@code orgId} quarantines automatically on a behaviour violation (no authorization check). */
    public boolean quarantinesOnViolation(String orgId) {
        return tx.read(s -> s.identityPolicies().findQuarantineOnViolation(orgId))
                .orElse(false);
    }

    /** The activation policy of the owner {@code orgRef}; {@link ActivationPolicy#AUTO} unless set. */
    public ActivationPolicy activationPolicy(Caller caller, String orgRef) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.DEVICE_READ, org.id(), "enrollment.policy.read", org.id());
        return tx.read(s -> s.identityPolicies().findActivation(org.id())).orElse(ActivationPolicy.AUTO);
    }

    private Device retire(
            Caller caller,
            String ref,
            String reason,
            String action,
            Permission permission,
            DeviceState to,
            Set<CertificateStatus> from,
            CertificateStatus status,
            Optional<String> certReason,
            boolean everyIssuer) {
        Device device = controlled(caller, ref, permission, action);
        Optional<String> why = reasonOf(reason, true);
        List<DeviceCertificate> changed = new ArrayList<>();
        Device result = tx.inTransaction(s -> {
            changed.clear();
            Device now = current(s, device);
            Device next = lifecycle.move(s, now, to, action, caller.principal().userId(), why);
            if (to == DeviceState.MANUFACTURED) {
                next = next.withOwner(Optional.empty(), next.updatedAt());
                s.devices().update(next, DeviceState.MANUFACTURED);
                s.devices().deleteEnrollmentSecret(now.id());
            }
            if (to == DeviceState.DECOMMISSIONED) {
                s.devices().deleteEnrollmentSecret(now.id());
            }
            Set<String> issuers = everyIssuer
                    ? new java.util.HashSet<>(List.of(now.namespace(), now.controller()))
                    : Set.of(now.controller());
            changed.addAll(
                    s.deviceCertificates().changeStatus(now.id(), issuers, from, status, lifecycle.now(), certReason));
            audit.record(
                    s,
                    caller.record(
                            action,
                            Optional.of(now.controller()),
                            now.id(),
                            Outcome.SUCCESS,
                            why.orElse(null),
                            to == DeviceState.QUARANTINED || to == DeviceState.DECOMMISSIONED
                                    ? Severity.WARNING
                                    : Severity.INFO));
            return next;
        });
        statusListeners.changed(changed);
        lifecycle.publish(
                result,
                action,
                "device " + result.serial() + " is " + result.state().wire());
        return result;
    }

    /** The device {@code ref} if the caller's organization controls it and the caller holds {@code permission}. */
    /**
     * The device {@code ref} when the caller's organization controls it and the caller holds {@code permission} there
     * (or is a platform admin); a denial is audited as {@code action}. For other features that act on devices.
     */
    public Device controlledDevice(Caller caller, String ref, Permission permission, String action) {
        return controlled(caller, ref, permission, action);
    }

    private Device controlled(Caller caller, String ref, Permission permission, String action) {
        Device device = visible(caller, ref);
        String org = caller.principal().isPlatformAdmin()
                ? device.controller()
                : caller.principal().orgId();
        guard.check(caller, permission, org, action, device.id());
        if (!caller.principal().isPlatformAdmin() && !device.controller().equals(org)) {
            guard.deny(caller, action, org, device.id(), "the device is controlled by another organization");
        }
        return device;
    }

    /** The device {@code ref} (an id, or a serial) if the caller's organization may see it; else not found. */
    private Device visible(Caller caller, String ref) {
        if (ref == null || ref.isBlank()) {
            throw new InvalidRequestException("device: required");
        }
        String org = caller.principal().orgId();
        boolean admin = caller.principal().isPlatformAdmin();
        if (Ids.isId(ref, "dev")) {
            return tx.read(s -> s.devices().findById(ref))
                    .filter(d -> admin || d.isVisibleTo(org))
                    .orElseThrow(() -> new NotFoundException("no device " + ref));
        }
        List<Device> found = tx.read(
                s -> admin ? s.devices().findAllBySerial(ref) : s.devices().findVisible(org, ref));
        if (found.size() > 1) {
            throw new InvalidRequestException("device: serial " + ref + " names " + found.size()
                    + " devices (of different manufacturers); use the device id");
        }
        return found.stream().findFirst().orElseThrow(() -> new NotFoundException("no device " + ref));
    }

    private static String orgFor(Caller caller, Device device) {
        String org = caller.principal().orgId();
        return caller.principal().isPlatformAdmin() || !device.isVisibleTo(org) ? device.controller() : org;
    }

    private static Device current(io.hallmark.server.persistence.Stores s, Device device) {
        return s.devices().findById(device.id()).orElseThrow(() -> new NotFoundException("no device " + device.id()));
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }

    static void checkSerial(String serial) {
        if (serial == null || !serial.matches("[A-Za-z0-9 '()+,\\-./:=?]{1,64}")) {
            throw new InvalidRequestException(
                    "serial: " + serial + " (expected: 1..64 printable characters: letters, digits, ' ()+,-./:=?)");
        }
    }

    private static Optional<String> reasonOf(String reason, boolean required) {
        if (reason == null || reason.isBlank()) {
            if (required) {
                throw new InvalidRequestException("reason: required");
            }
            return Optional.empty();
        }
        if (reason.length() > 500) {
            throw new InvalidRequestException("reason: at most 500 characters");
        }
        return Optional.of(reason.strip());
    }

    OrganizationCa caOf(Organization org) {
        return cas.ensure(org).orElseThrow(() -> new InvalidRequestException("org: " + org.name() + " has no CA"));
    }
}

package io.hallmark.server.identity;

import io.hallmark.core.Hashes;
import io.hallmark.core.Ids;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.voucher.Voucher;
import io.hallmark.protocol.voucher.VoucherCodec;
import io.hallmark.protocol.voucher.VoucherJws;
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
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Ownership vouchers (RFC 8366 semantics, signed as JWS): a manufacturer issues one for a device to an owner of this
 * instance (the device becomes {@link DeviceState#OWNED}) or to another instance's owner by pinning its CA
 * certificate; an owner imports a voucher from another instance's manufacturer it trusts.
 *
 * <p>Vouchers are signed by the manufacturer's MASA key ({@link OrganizationCa#masaChain}); a device checks them
 * against its manufacturer's root, which also signed its birth certificate.
 */
public final class VoucherService {
    /** How long a voucher is valid unless the caller says otherwise. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);
    /** The longest validity of a voucher. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(365);

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final OrganizationCaService cas;
    private final Lifecycle lifecycle;
    private final DeviceAuthenticator authenticator;

    VoucherService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            OrganizationCaService cas,
            Lifecycle lifecycle,
            DeviceAuthenticator authenticator) {
        this.tx = tx;
        this.audit = audit;
        this.guard = guard;
        this.access = access;
        this.cas = cas;
        this.lifecycle = lifecycle;
        this.authenticator = authenticator;
    }

    /** A signed voucher and its record. */
    public record Issued(VoucherRecord record, Voucher voucher) {}

    /**
     * Issues a voucher for the device {@code serial} of the manufacturer {@code orgRef} (the caller's organization
     * when null), to the owner {@code ownerRef} of this instance, or to the domain whose CA certificate is {@code
     * pinnedCertDer}: exactly one of the two.
     */
    public Issued issue(
            Caller caller,
            String orgRef,
            String serial,
            Optional<String> ownerRef,
            Optional<byte[]> pinnedCertDer,
            Optional<Duration> validity) {
        Organization maker = organization(caller, orgRef);
        guard.check(caller, Permission.DEVICE_PROVISION, maker.id(), "voucher.issue", serial);
        if (!maker.kinds().contains(OrgKind.MANUFACTURER)) {
            throw new InvalidRequestException("org: " + maker.name() + " is not a manufacturer");
        }
        if (ownerRef.isPresent() == pinnedCertDer.isPresent()) {
            throw new InvalidRequestException("owner, pinnedCert: give exactly one");
        }
        Duration valid = validity.orElse(DEFAULT_VALIDITY);
        if (valid.compareTo(Duration.ofMinutes(5)) < 0 || valid.compareTo(MAX_VALIDITY) > 0) {
            throw new InvalidRequestException("validity: " + valid + " (expected: 5 minutes to 365 days)");
        }
        Device device = tx.read(s -> s.devices().findBySerial(maker.id(), serial))
                .filter(d -> d.manufacturerId().filter(maker.id()::equals).isPresent())
                .orElseThrow(() -> new NotFoundException("no device " + serial + " of " + maker.name()));
        if (device.state() != DeviceState.MANUFACTURED) {
            throw new ConflictException(
                    "device " + serial + " is " + device.state().wire()
                            + ": a voucher is issued for a device that has no owner (transfer it first)");
        }
        Optional<Organization> owner = ownerRef.map(ref -> access.findOrganization(ref)
                .filter(o -> o.kinds().contains(OrgKind.OWNER))
                .orElseThrow(() -> new NotFoundException("no owner " + ref)));
        byte[] pinned = owner.isPresent()
                ? der(cas.ensure(owner.get()).orElseThrow().root())
                : der(certificate(pinnedCertDer.get()));
        OrganizationCa makerCa = cas.ensure(maker).orElseThrow();
        Instant now = lifecycle.now();
        Voucher v = new Voucher(
                now,
                Optional.of(now.plus(valid)),
                Voucher.Assertion.VERIFIED,
                serial,
                Optional.empty(),
                pinned,
                Optional.of(false),
                Optional.empty());
        String jws = VoucherJws.sign(VoucherCodec.encode(v), makerCa.masaChain(), makerCa::signAsMasa);
        VoucherRecord record = new VoucherRecord(
                Ids.newId("vch"),
                serial,
                Optional.of(device.id()),
                Optional.of(maker.id()),
                owner.map(Organization::id),
                VoucherRecord.Kind.ISSUED,
                Hashes.hex(Hashes.sha256(pinned)),
                Optional.empty(),
                v.expiresOn(),
                now,
                jws);
        String actor = caller.principal().userId();
        Device result = tx.inTransaction(s -> {
            Device current = s.devices().findById(device.id()).orElseThrow();
            s.vouchers().insert(record);
            Device next = current;
            if (owner.isPresent()) {
                next = lifecycle.move(
                        s,
                        current,
                        DeviceState.OWNED,
                        "voucher.issue",
                        actor,
                        Optional.of("owner " + owner.get().name()));
                Device owned = next.withOwner(owner.map(Organization::id), next.updatedAt());
                s.devices().update(owned, DeviceState.OWNED);
                next = owned;
            } else {
                lifecycle.note(s, current, "voucher.issue", actor, Optional.of("to another instance's domain"));
            }
            audit.record(
                    s,
                    caller.record(
                            "voucher.issue",
                            Optional.of(maker.id()),
                            device.id(),
                            Outcome.SUCCESS,
                            owner.map(o -> "owner " + o.id()).orElse("pinned " + record.pinnedSha256()),
                            Severity.INFO));
            return next;
        });
        lifecycle.publish(result, "voucher.issue", "voucher issued for device " + serial);
        return new Issued(record, v);
    }

    /**
     * Imports a voucher from a manufacturer the owner {@code orgRef} (the caller's organization when null) trusts, or
     * from a manufacturer of this instance: it must pin the owner's root and be unexpired. The device becomes owned.
     */
    public Issued importVoucher(Caller caller, String orgRef, String jws) {
        Organization owner = organization(caller, orgRef);
        guard.check(caller, Permission.DEVICE_PROVISION, owner.id(), "voucher.import", owner.id());
        if (!owner.kinds().contains(OrgKind.OWNER)) {
            throw new InvalidRequestException("org: " + owner.name() + " is not an owner");
        }
        Voucher claimed = VoucherJws.peek(jws);
        Instant now = lifecycle.now();
        Optional<Organization> localMaker = Optional.empty();
        Voucher v = null;
        for (OrganizationCa ca : cas.all()) {
            if (!ca.purposes().contains(OrganizationCa.Purpose.IDEVID)) {
                continue;
            }
            try {
                v = VoucherJws.verifyVoucher(jws, List.of(ca.root()), now, expectation(claimed));
                localMaker = access.findOrganization(ca.orgId());
                break;
            } catch (UntrustedInputException notThisOne) {
                // try the next manufacturer
            }
        }
        if (v == null) {
            List<X509Certificate> trusted = new ArrayList<>();
            for (TrustedManufacturer t : tx.read(s -> s.vouchers().trusted(owner.id()))) {
                trusted.add(certificate(t.der()));
            }
            try {
                v = VoucherJws.verifyVoucher(jws, trusted, now, expectation(claimed));
            } catch (UntrustedInputException e) {
                guard.deny(caller, "voucher.import", owner.id(), claimed.serialNumber(), e.getMessage());
            }
        }
        Voucher voucher = v;
        byte[] ownerRoot = der(cas.ensure(owner).orElseThrow().root());
        if (!Arrays.equals(voucher.pinnedDomainCert(), ownerRoot)) {
            guard.deny(
                    caller,
                    "voucher.import",
                    owner.id(),
                    voucher.serialNumber(),
                    "the voucher pins another domain's certificate, not this owner's root");
        }
        Optional<Organization> maker = localMaker;
        String actor = caller.principal().userId();
        VoucherRecord[] stored = new VoucherRecord[1];
        Device result = tx.inTransaction(s -> {
            Device device;
            if (maker.isPresent()) {
                device = s.devices()
                        .findBySerial(maker.get().id(), voucher.serialNumber())
                        .orElseThrow(() -> new NotFoundException("no device " + voucher.serialNumber()));
            } else {
                device = s.devices()
                        .findBySerial(owner.id(), voucher.serialNumber())
                        .orElse(null);
                if (device == null) {
                    Device fresh = new Device(
                            Ids.newId("dev"),
                            voucher.serialNumber(),
                            owner.id(),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            DeviceState.MANUFACTURED,
                            false,
                            Optional.empty(),
                            now,
                            now);
                    s.devices().insert(fresh);
                    device = fresh;
                }
            }
            Device next = device;
            if (device.state() == DeviceState.MANUFACTURED) {
                next = lifecycle.move(s, device, DeviceState.OWNED, "voucher.import", actor, Optional.empty());
                Device owned = next.withOwner(Optional.of(owner.id()), next.updatedAt());
                s.devices().update(owned, DeviceState.OWNED);
                next = owned;
            } else if (!device.ownerId().equals(Optional.of(owner.id()))) {
                throw new ConflictException(
                        "device " + device.serial() + " is " + device.state().wire() + " with another owner");
            }
            stored[0] = new VoucherRecord(
                    Ids.newId("vch"),
                    voucher.serialNumber(),
                    Optional.of(device.id()),
                    maker.map(Organization::id),
                    Optional.of(owner.id()),
                    VoucherRecord.Kind.IMPORTED,
                    Hashes.hex(Hashes.sha256(ownerRoot)),
                    voucher.nonce().map(n -> java.util.Base64.getEncoder().encodeToString(n)),
                    voucher.expiresOn(),
                    now,
                    jws.strip());
            s.vouchers().insert(stored[0]);
            audit.record(
                    s,
                    caller.record(
                            "voucher.import",
                            Optional.of(owner.id()),
                            device.id(),
                            Outcome.SUCCESS,
                            maker.map(m -> "manufacturer " + m.id()).orElse("trusted manufacturer"),
                            Severity.INFO));
            return next;
        });
        authenticator.forget();
        lifecycle.publish(result, "voucher.import", "device " + result.serial() + " owned");
        return new Issued(stored[0], voucher);
    }

    /** The vouchers {@code orgRef} (the caller's organization when null) issued or holds, newest first. */
    public Page<VoucherRecord> list(Caller caller, String orgRef, PageRequest page) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.DEVICE_READ, org.id(), "voucher.list", org.id());
        return tx.read(s -> s.vouchers().list(org.id(), page));
    }

    /**
     * Trusts the manufacturer certificates in {@code chain} (its root for vouchers, its IDevID issuing CA for birth
     * certificates) for the owner {@code orgRef} (the caller's organization when null).
     */
    public List<TrustedManufacturer> trustManufacturer(
            Caller caller, String orgRef, String name, List<X509Certificate> chain) {
        Organization owner = organization(caller, orgRef);
        guard.check(caller, Permission.TRUST_MANAGE, owner.id(), "trust.manufacturer.add", name);
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new InvalidRequestException("name: expected 1..128 characters");
        }
        if (chain.isEmpty() || chain.size() > 5) {
            throw new InvalidRequestException("cert: expected 1 to 5 certificates");
        }
        Instant now = lifecycle.now();
        List<TrustedManufacturer> added = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (c.getBasicConstraints() < 0) {
                throw new InvalidRequestException("cert: " + c.getSubjectX500Principal() + " is not a CA certificate");
            }
            byte[] der = der(c);
            added.add(new TrustedManufacturer(owner.id(), Hashes.hex(Hashes.sha256(der)), name.strip(), der, now));
        }
        tx.inTransaction(s -> {
            added.forEach(s.vouchers()::addTrusted);
            audit.record(
                    s,
                    caller.record(
                            "trust.manufacturer.add",
                            Optional.of(owner.id()),
                            added.get(0).sha256(),
                            Outcome.SUCCESS,
                            name.strip(),
                            Severity.WARNING));
            return null;
        });
        authenticator.forget();
        return added;
    }

    /** The manufacturer certificates {@code orgRef} trusts. */
    public List<TrustedManufacturer> trustedManufacturers(Caller caller, String orgRef) {
        Organization owner = organization(caller, orgRef);
        guard.check(caller, Permission.DEVICE_READ, owner.id(), "trust.manufacturer.list", owner.id());
        return tx.read(s -> s.vouchers().trusted(owner.id()));
    }

    private static VoucherJws.Expectation expectation(Voucher claimed) {
        return new VoucherJws.Expectation(claimed.serialNumber(), Optional.empty());
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }

    static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new UntrustedInputException("certificate: not an X.509 certificate");
        }
    }

    static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}

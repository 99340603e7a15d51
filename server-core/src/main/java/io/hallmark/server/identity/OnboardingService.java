package io.hallmark.server.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.core.Hashes;
import io.hallmark.core.Ids;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.voucher.Voucher;
import io.hallmark.protocol.voucher.VoucherCodec;
import io.hallmark.protocol.voucher.VoucherJws;
import io.hallmark.protocol.voucher.VoucherRequest;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * BRSKI (RFC 8995) on the device port: the platform is the owner's registrar and, for devices of its own
 * manufacturers, their MASA. A pledge that presents its birth certificate asks for a voucher ({@code
 * requestvoucher}, §5.2); the registrar checks the pledge's signed voucher request (§5.5), and the manufacturer's
 * MASA signs a voucher bound to the request's nonce and pinning the owner's root (§5.6). For a device of another
 * instance's manufacturer, the registrar answers with the voucher its owner imported. The pledge reports back
 * ({@code voucher_status}, §5.7; {@code enrollstatus}, §5.9.4); both reports are audited and kept in the device's
 * history.
 */
public final class OnboardingService {
    /** How long a nonce-bound voucher is valid. */
    public static final Duration NONCED_VALIDITY = Duration.ofHours(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BIRTH_CERTIFICATE = "the device's birth certificate";
    private static final Set<DeviceState> ONBOARDABLE =
            EnumSet.of(DeviceState.OWNED, DeviceState.ENROLLED, DeviceState.ACTIVE);

    private final Transactor tx;
    private final AuditLog audit;
    private final AccessService access;
    private final OrganizationCaService cas;
    private final Lifecycle lifecycle;
    private final MasaClient masa;
    private final DeviceAudit log;
    private final MasaService masaService;

    OnboardingService(
            Transactor tx,
            AuditLog audit,
            AccessService access,
            OrganizationCaService cas,
            Lifecycle lifecycle,
            MasaClient masa) {
        this.tx = tx;
        this.audit = audit;
        this.access = access;
        this.cas = cas;
        this.lifecycle = lifecycle;
        this.masa = masa;
        this.log = new DeviceAudit(tx, audit);
        this.masaService = new MasaService(tx, audit, cas, lifecycle, log);
    }

    /**
     * Answers a pledge's signed voucher request with a signed voucher (compact JWS).
     *
     * @param pledge the birth certificate the pledge presented in TLS (already chained to a known root)
     * @param body the pledge's voucher request, a compact JWS signed with its IDevID key
     */
    public String requestVoucher(X509Certificate pledge, byte[] body, String requestId) {
        if (pledge == null) {
            // no client certificate: another instance's registrar asking this MASA (RFC 8995 §5.5)
            return masaService.requestVoucher(text(body), requestId);
        }
        String sha256 = EnrollmentService.fingerprint(pledge);
        boolean local =
                tx.read(s -> s.deviceCertificates().findBySha256(sha256)).isPresent();
        if (!local) {
            return registrarRequest(pledge, text(body), requestId);
        }
        Device device = pledgeDevice(pledge, "brski.requestvoucher", requestId);
        if (!ONBOARDABLE.contains(device.state()) || device.ownerId().isEmpty()) {
            throw log.deny(
                    device,
                    "brski.requestvoucher",
                    requestId,
                    "device is " + device.state().wire()
                            + (device.ownerId().isEmpty() ? " and has no owner on this registrar" : ""));
        }
        VoucherRequest request;
        try {
            request = VoucherJws.verifyRequest(text(body), pledge, device.serial());
        } catch (UntrustedInputException e) {
            log.record(device, "brski.requestvoucher", requestId, Outcome.FAILURE, e.getMessage());
            throw e;
        }
        String ownerId = device.ownerId().get();
        if (device.manufacturerId().isEmpty()) {
            return importedVoucher(device, requestId);
        }
        OrganizationCa maker = cas.find(device.manufacturerId().get())
                .orElseThrow(() -> new NotFoundException("no manufacturer for device " + device.serial()));
        byte[] ownerRoot = VoucherService.der(access.findOrganization(ownerId)
                .flatMap(cas::ensure)
                .orElseThrow()
                .root());
        Instant now = lifecycle.now();
        Voucher voucher = new Voucher(
                now,
                Optional.of(now.plus(NONCED_VALIDITY)),
                Voucher.Assertion.PROXIMITY,
                device.serial(),
                Optional.empty(),
                ownerRoot,
                Optional.of(false),
                Optional.of(request.nonce()));
        String jws = VoucherJws.sign(VoucherCodec.encode(voucher), maker.masaChain(), maker::signAsMasa);
        VoucherRecord record = new VoucherRecord(
                Ids.newId("vch"),
                device.serial(),
                Optional.of(device.id()),
                device.manufacturerId(),
                Optional.of(ownerId),
                VoucherRecord.Kind.ISSUED,
                Hashes.hex(Hashes.sha256(ownerRoot)),
                Optional.of(Base64.getEncoder().encodeToString(request.nonce())),
                voucher.expiresOn(),
                now,
                jws);
        try {
            tx.inTransaction(s -> {
                s.vouchers().insert(record);
                lifecycle.note(
                        s, device, "brski.voucher", device.id(), Optional.of("nonce-bound voucher " + record.id()));
                audit.record(
                        s, DeviceAudit.entry(device, "brski.requestvoucher", requestId, Outcome.SUCCESS, record.id()));
                return null;
            });
        } catch (ConflictException replay) {
            throw log.deny(device, "brski.requestvoucher", requestId, "the voucher request's nonce was used before");
        }
        return jws;
    }

    /**
     * The registrar's side for a pledge of another instance's manufacturer (RFC 8995 §5.5): the owner that trusts the
     * pledge's manufacturer (the one that owns the device already, or the only one that trusts that manufacturer)
     * signs a registrar voucher request around the pledge's and sends it to the MASA named in the birth certificate;
     * the voucher that comes back must be signed by that manufacturer, echo the pledge's nonce and pin the owner's
     * root. The device is then owned. When the MASA cannot be reached, a voucher the owner imported is the answer.
     */
    private String registrarRequest(X509Certificate pledge, String pledgeJws, String requestId) {
        Optional<String> serial = DeviceAuthenticator.serialNumber(pledge);
        if (serial.isEmpty()) {
            throw log.unauthenticated(
                    "brski.requestvoucher", requestId, "birth certificate without serialNumber", BIRTH_CERTIFICATE);
        }
        Optional<Device> known = tx.read(s -> DeviceAuthenticator.externalDevice(s, pledge));
        String ownerId;
        if (known.isPresent()) {
            ownerId = known.get().ownerId().orElseThrow();
        } else {
            List<String> owners = tx.read(s -> s.vouchers().allTrusted().stream()
                    .filter(t -> issues(t, pledge))
                    .map(TrustedManufacturer::orgId)
                    .distinct()
                    .toList());
            if (owners.size() != 1) {
                throw log.unauthenticated(
                        "brski.requestvoucher",
                        requestId,
                        owners.isEmpty()
                                ? "no owner trusts the pledge's manufacturer"
                                : "several owners trust the pledge's manufacturer",
                        BIRTH_CERTIFICATE);
            }
            ownerId = owners.get(0);
        }
        VoucherRequest request;
        try {
            request = VoucherJws.verifyRequest(pledgeJws, pledge, serial.get());
        } catch (UntrustedInputException e) {
            log.failure("brski.requestvoucher", requestId, e.getMessage());
            throw e;
        }
        OrganizationCa owner =
                access.findOrganization(ownerId).flatMap(cas::ensure).orElseThrow();
        List<X509Certificate> trusted = tx.read(s -> s.vouchers().trusted(ownerId)).stream()
                .map(t -> VoucherService.certificate(t.der()))
                .toList();
        Optional<java.net.URI> masaUrl = masaUrl(pledge);
        String voucherJws = null;
        Voucher voucher = null;
        if (masaUrl.isPresent()) {
            VoucherRequest forMasa = new VoucherRequest(
                    Optional.of(lifecycle.now()),
                    serial.get(),
                    request.nonce(),
                    Optional.empty(),
                    Optional.of(pledgeJws));
            String signed =
                    VoucherJws.sign(VoucherCodec.encode(forMasa), owner.registrarChain(), owner::signAsRegistrar);
            try {
                voucherJws = masa.requestVoucher(masaUrl.get(), signed, trusted);
                voucher = VoucherJws.verifyVoucher(
                        voucherJws,
                        trusted,
                        lifecycle.now(),
                        new VoucherJws.Expectation(serial.get(), Optional.of(request.nonce())));
            } catch (io.hallmark.server.errors.UnavailableException | UntrustedInputException e) {
                log.failure("brski.requestvoucher", requestId, "MASA: " + e.getMessage());
                voucherJws = null;
                voucher = null;
            }
        }
        if (voucher != null && !java.util.Arrays.equals(voucher.pinnedDomainCert(), VoucherService.der(owner.root()))) {
            log.failure("brski.requestvoucher", requestId, "the MASA's voucher pins another domain");
            voucher = null;
        }
        if (voucher == null) {
            if (known.isPresent()) {
                return importedVoucher(known.get(), requestId);
            }
            throw new io.hallmark.server.errors.UnavailableException(
                    "no voucher for device " + serial.get() + ": the manufacturer's MASA did not give one");
        }
        Voucher accepted = voucher;
        String acceptedJws = voucherJws;
        Instant now = lifecycle.now();
        Device device = tx.inTransaction(s -> {
            Device d = known.isPresent()
                    ? s.devices().findById(known.get().id()).orElseThrow()
                    : s.devices().findBySerial(ownerId, serial.get()).orElse(null);
            if (d == null) {
                d = new Device(
                        Ids.newId("dev"),
                        serial.get(),
                        ownerId,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        DeviceState.MANUFACTURED,
                        false,
                        Optional.empty(),
                        now,
                        now);
                s.devices().insert(d);
            }
            if (d.state() == DeviceState.MANUFACTURED) {
                Device next = lifecycle.move(s, d, DeviceState.OWNED, "brski.voucher", d.id(), Optional.empty());
                d = next.withOwner(Optional.of(ownerId), next.updatedAt());
                s.devices().update(d, DeviceState.OWNED);
            }
            s.vouchers()
                    .insert(new VoucherRecord(
                            Ids.newId("vch"),
                            serial.get(),
                            Optional.of(d.id()),
                            Optional.empty(),
                            Optional.of(ownerId),
                            VoucherRecord.Kind.IMPORTED,
                            Hashes.hex(Hashes.sha256(accepted.pinnedDomainCert())),
                            accepted.nonce().map(n -> Base64.getEncoder().encodeToString(n)),
                            accepted.expiresOn(),
                            now,
                            acceptedJws));
            lifecycle.note(s, d, "brski.voucher", d.id(), Optional.of("nonce-bound voucher from the MASA"));
            audit.record(
                    s,
                    DeviceAudit.entry(d, "brski.requestvoucher", requestId, Outcome.SUCCESS, "voucher from the MASA"));
            return d;
        });
        lifecycle.publish(device, "brski.voucher", "device " + device.serial() + " onboarded");
        return acceptedJws;
    }

    private String importedVoucher(Device device, String requestId) {
        List<VoucherRecord> held = tx.read(s -> s.vouchers().forDevice(device.id()));
        VoucherRecord imported = held.stream()
                .filter(v -> v.kind() == VoucherRecord.Kind.IMPORTED)
                .filter(v -> v.holderOrg().equals(device.ownerId()))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new NotFoundException("no voucher for device " + device.serial()));
        log.record(device, "brski.requestvoucher", requestId, Outcome.SUCCESS, "imported voucher " + imported.id());
        return imported.jws();
    }

    private static boolean issues(TrustedManufacturer t, X509Certificate certificate) {
        try {
            certificate.verify(VoucherService.certificate(t.der()).getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /** The MASA URL of a birth certificate (RFC 8995 §2.3.2), if it has one. */
    static Optional<java.net.URI> masaUrl(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(io.hallmark.server.pki.DeviceProfile.MASA_URL_OID);
        if (extension == null) {
            return Optional.empty();
        }
        try {
            org.bouncycastle.asn1.ASN1Primitive inner = org.bouncycastle.asn1.ASN1Primitive.fromByteArray(
                    org.bouncycastle.asn1.ASN1OctetString.getInstance(extension).getOctets());
            return Optional.of(java.net.URI.create(
                    org.bouncycastle.asn1.ASN1IA5String.getInstance(inner).getString()));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Records the pledge's voucher status telemetry (RFC 8995 §5.7). */
    public void voucherStatus(X509Certificate pledge, byte[] body, String requestId) {
        report(pledgeDevice(pledge, "brski.voucher_status", requestId), "brski.voucher_status", body, requestId);
    }

    /** Records the pledge's enrollment status telemetry (RFC 8995 §5.9.4). */
    public void enrollStatus(X509Certificate client, byte[] body, String requestId) {
        report(pledgeDevice(client, "brski.enrollstatus", requestId), "brski.enrollstatus", body, requestId);
    }

    private void report(Device device, String action, byte[] body, String requestId) {
        JsonNode status;
        try {
            status = body.length > 16 * 1024 ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            status = null;
        }
        if (status == null
                || !status.isObject()
                || !status.path("status").isBoolean()
                || (status.has("reason") && !status.get("reason").isTextual())) {
            throw new UntrustedInputException(
                    action + ": expected {\"version\": \"1\", \"status\": true|false, \"reason\": \"...\"}");
        }
        boolean ok = status.get("status").asBoolean();
        String reason = status.path("reason").asText("");
        if (reason.length() > 500) {
            reason = reason.substring(0, 500);
        }
        String note = (ok ? "success" : "failure") + (reason.isEmpty() ? "" : ": " + reason);
        tx.inTransaction(s -> {
            lifecycle.note(s, device, action, device.id(), Optional.of(note));
            audit.record(s, DeviceAudit.entry(device, action, requestId, ok ? Outcome.SUCCESS : Outcome.FAILURE, note));
            return null;
        });
    }

    /** The device a presented certificate belongs to: a birth or operational certificate issued here, or trusted. */
    private Device pledgeDevice(X509Certificate certificate, String action, String requestId) {
        if (certificate == null) {
            throw log.unauthenticated(action, requestId, "no client certificate", BIRTH_CERTIFICATE);
        }
        String sha256 = EnrollmentService.fingerprint(certificate);
        Optional<Device> device = tx.read(s -> s.deviceCertificates()
                .findBySha256(sha256)
                .filter(c -> c.status() == CertificateStatus.GOOD)
                .flatMap(c -> s.devices().findById(c.deviceId()))
                .or(() -> DeviceAuthenticator.externalDevice(s, certificate)));
        return device.orElseThrow(
                () -> log.unauthenticated(action, requestId, "client certificate not a device's", BIRTH_CERTIFICATE));
    }

    private static String text(byte[] body) {
        if (body == null || body.length == 0 || body.length > 64 * 1024) {
            throw new UntrustedInputException("voucher request: expected a compact JWS of at most 64 KiB");
        }
        return new String(body, StandardCharsets.US_ASCII);
    }
}

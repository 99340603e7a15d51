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
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.AccessDeniedException;
import io.hallmark.server.errors.AuthenticationException;
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
    private static final Set<DeviceState> ONBOARDABLE =
            EnumSet.of(DeviceState.OWNED, DeviceState.ENROLLED, DeviceState.ACTIVE);

    private final Transactor tx;
    private final AuditLog audit;
    private final AccessService access;
    private final OrganizationCaService cas;
    private final Lifecycle lifecycle;

    OnboardingService(
            Transactor tx, AuditLog audit, AccessService access, OrganizationCaService cas, Lifecycle lifecycle) {
        this.tx = tx;
        this.audit = audit;
        this.access = access;
        this.cas = cas;
        this.lifecycle = lifecycle;
    }

    /**
     * Answers a pledge's signed voucher request with a signed voucher (compact JWS).
     *
     * @param pledge the birth certificate the pledge presented in TLS (already chained to a known root)
     * @param body the pledge's voucher request, a compact JWS signed with its IDevID key
     */
    public String requestVoucher(X509Certificate pledge, byte[] body, String requestId) {
        Device device = pledgeDevice(pledge, "brski.requestvoucher", requestId);
        if (!ONBOARDABLE.contains(device.state()) || device.ownerId().isEmpty()) {
            throw deny(
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
            record(device, "brski.requestvoucher", requestId, Outcome.FAILURE, e.getMessage());
            throw e;
        }
        String ownerId = device.ownerId().get();
        if (device.manufacturerId().isEmpty()) {
            // another instance's manufacturer: the voucher the owner imported (RFC 8995 §5.5 lets the registrar
            // answer from what it holds)
            List<VoucherRecord> held = tx.read(s -> s.vouchers().forDevice(device.id()));
            VoucherRecord imported = held.stream()
                    .filter(v -> v.kind() == VoucherRecord.Kind.IMPORTED)
                    .filter(v -> v.holderOrg().equals(Optional.of(ownerId)))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new NotFoundException("no voucher for device " + device.serial()));
            record(device, "brski.requestvoucher", requestId, Outcome.SUCCESS, "imported voucher " + imported.id());
            return imported.jws();
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
                audit.record(s, entry(device, "brski.requestvoucher", requestId, Outcome.SUCCESS, record.id()));
                return null;
            });
        } catch (ConflictException replay) {
            throw deny(device, "brski.requestvoucher", requestId, "the voucher request's nonce was used before");
        }
        return jws;
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
            audit.record(s, entry(device, action, requestId, ok ? Outcome.SUCCESS : Outcome.FAILURE, note));
            return null;
        });
    }

    /** The device a presented certificate belongs to: a birth or operational certificate issued here, or trusted. */
    private Device pledgeDevice(X509Certificate certificate, String action, String requestId) {
        if (certificate == null) {
            throw unauthenticated(action, requestId, "no client certificate");
        }
        String sha256 = EnrollmentService.fingerprint(certificate);
        Optional<Device> device = tx.read(s -> s.deviceCertificates()
                .findBySha256(sha256)
                .filter(c -> c.status() == CertificateStatus.GOOD)
                .flatMap(c -> s.devices().findById(c.deviceId()))
                .or(() -> DeviceAuthenticator.externalDevice(s, certificate)));
        return device.orElseThrow(() -> unauthenticated(action, requestId, "client certificate not a device's"));
    }

    private AuthenticationException unauthenticated(String action, String requestId, String why) {
        tx.inTransaction(s -> {
            audit.record(
                    s,
                    new AuditRecord(
                            "anonymous",
                            Optional.empty(),
                            action,
                            Optional.empty(),
                            Outcome.DENIED,
                            Optional.of(why),
                            Optional.of(requestId),
                            Severity.WARNING,
                            Optional.empty()));
            return null;
        });
        return new AuthenticationException("authentication required: the device's birth certificate");
    }

    private AccessDeniedException deny(Device device, String action, String requestId, String why) {
        record(device, action, requestId, Outcome.DENIED, why);
        return new AccessDeniedException("not permitted: " + why);
    }

    private void record(Device device, String action, String requestId, Outcome outcome, String why) {
        tx.inTransaction(s -> {
            audit.record(s, entry(device, action, requestId, outcome, why));
            return null;
        });
    }

    private static AuditRecord entry(Device d, String action, String requestId, Outcome outcome, String reason) {
        return new AuditRecord(
                d.id(),
                Optional.of(d.controller()),
                action,
                Optional.of(d.id()),
                outcome,
                Optional.ofNullable(reason),
                Optional.of(requestId),
                outcome == Outcome.SUCCESS ? Severity.INFO : Severity.WARNING,
                Optional.empty());
    }

    private static String text(byte[] body) {
        if (body == null || body.length == 0 || body.length > 64 * 1024) {
            throw new UntrustedInputException("voucher request: expected a compact JWS of at most 64 KiB");
        }
        return new String(body, StandardCharsets.US_ASCII);
    }
}

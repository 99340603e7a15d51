package io.hallmark.server.identity;

import io.hallmark.core.Hashes;
import io.hallmark.core.Ids;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.voucher.Voucher;
import io.hallmark.protocol.voucher.VoucherCodec;
import io.hallmark.protocol.voucher.VoucherJws;
import io.hallmark.protocol.voucher.VoucherRequest;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The MASA of this instance's manufacturers, for registrars of other instances (RFC 8995 §5.5.2, §5.6).
 */
final class MasaService {
    private final Transactor tx;
    private final AuditLog audit;
    private final OrganizationCaService cas;
    private final Lifecycle lifecycle;
    private final DeviceAudit log;

    MasaService(Transactor tx, AuditLog audit, OrganizationCaService cas, Lifecycle lifecycle, DeviceAudit log) {
        this.tx = tx;
        this.audit = audit;
        this.cas = cas;
        this.lifecycle = lifecycle;
        this.log = log;
    }

    /**
     * The MASA's side (RFC 8995 §5.5.2, §5.6): a registrar voucher request, signed by a chain whose root the
     * manufacturer sold the device to (a voucher issued to that pinned certificate), carrying the pledge's request
     * signed by a birth certificate issued here; the answer is a voucher bound to the pledge's nonce, once.
     */
    String requestVoucher(String registrarJws, String requestId) {
        Instant now = lifecycle.now();
        VoucherJws.SignedRequest signed;
        X509Certificate idevid;
        Device device;
        VoucherRequest pledgeRequest;
        try {
            signed = VoucherJws.verifyRegistrarRequest(registrarJws, now);
            String prior = signed.request().priorSignedVoucherRequest().orElseThrow();
            idevid = VoucherJws.signer(prior);
            String sha256 = EnrollmentService.fingerprint(idevid);
            device = tx.read(s -> s.deviceCertificates()
                            .findBySha256(sha256)
                            .filter(c -> c.purpose() == OrganizationCa.Purpose.IDEVID)
                            .filter(c -> c.status() == CertificateStatus.GOOD)
                            .flatMap(c -> s.devices().findById(c.deviceId())))
                    .orElseThrow(() -> new UntrustedInputException(
                            "voucher request: the pledge's birth certificate was not issued here"));
            pledgeRequest = VoucherJws.verifyRequest(prior, idevid, device.serial());
            if (!signed.request().serialNumber().equals(device.serial())
                    || !java.security.MessageDigest.isEqual(signed.request().nonce(), pledgeRequest.nonce())) {
                throw new UntrustedInputException(
                        "voucher request: the registrar's serial or nonce differs from the pledge's");
            }
        } catch (UntrustedInputException e) {
            log.failure("masa.requestvoucher", requestId, e.getMessage());
            throw e;
        }
        X509Certificate domain = signed.chain().get(signed.chain().size() - 1);
        byte[] domainDer = VoucherService.der(domain);
        String domainSha = Hashes.hex(Hashes.sha256(domainDer));
        boolean sold = tx.read(s -> s.vouchers().forDevice(device.id())).stream()
                .anyMatch(v -> v.kind() == VoucherRecord.Kind.ISSUED
                        && v.holderOrg().isEmpty()
                        && v.nonce().isEmpty()
                        && v.pinnedSha256().equals(domainSha));
        if (!sold) {
            throw log.deny(
                    device, "masa.requestvoucher", requestId, "the device was not sold to the registrar's domain");
        }
        OrganizationCa maker = cas.find(device.manufacturerId().orElseThrow()).orElseThrow();
        Voucher voucher = new Voucher(
                now,
                Optional.of(now.plus(OnboardingService.NONCED_VALIDITY)),
                Voucher.Assertion.LOGGED,
                device.serial(),
                Optional.empty(),
                domainDer,
                Optional.of(false),
                Optional.of(pledgeRequest.nonce()));
        String jws = VoucherJws.sign(VoucherCodec.encode(voucher), maker.masaChain(), maker::signAsMasa);
        VoucherRecord record = new VoucherRecord(
                Ids.newId("vch"),
                device.serial(),
                Optional.of(device.id()),
                device.manufacturerId(),
                Optional.empty(),
                VoucherRecord.Kind.ISSUED,
                domainSha,
                Optional.of(Base64.getEncoder().encodeToString(pledgeRequest.nonce())),
                voucher.expiresOn(),
                now,
                jws);
        try {
            tx.inTransaction(s -> {
                s.vouchers().insert(record);
                lifecycle.note(s, device, "masa.voucher", "registrar", Optional.of("for domain " + domainSha));
                audit.record(
                        s, DeviceAudit.entry(device, "masa.requestvoucher", requestId, Outcome.SUCCESS, record.id()));
                return null;
            });
        } catch (ConflictException replay) {
            throw log.deny(device, "masa.requestvoucher", requestId, "the voucher request's nonce was used before");
        }
        return jws;
    }
}

package io.hallmark.server.identity;

import io.hallmark.core.Hashes;
import io.hallmark.core.Ids;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.pki.DeviceProfile;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Factory provisioning: a manufacturer's IDevID CA signs certification requests from its devices' secure elements
 * and records each device as {@link DeviceState#MANUFACTURED}.
 *
 * <p>A batch is checked whole before anything is signed (every CSR's proof of possession, key and serial), then
 * signed, then stored in one transaction with one audit entry per device: either every device of the batch is
 * recorded or none is, and a batch commits once rather than once per certificate.
 */
public final class FactoryService {
    /** The most requests in one batch. */
    public static final int MAX_BATCH = 1000;

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final OrganizationCaService cas;
    private final ProductService products;
    private final Lifecycle lifecycle;
    private final Supplier<URI> masaUrl;

    FactoryService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            OrganizationCaService cas,
            ProductService products,
            Lifecycle lifecycle,
            Supplier<URI> masaUrl) {
        this.tx = tx;
        this.audit = audit;
        this.guard = guard;
        this.access = access;
        this.cas = cas;
        this.products = products;
        this.lifecycle = lifecycle;
        this.masaUrl = masaUrl;
    }

    /**
     * One device's request.
     *
     * @param csr the PKCS#10 request (DER, base64 or PEM)
     * @param serial the device's serial; when empty, the serialNumber of the request's subject
     */
    public record Request(byte[] csr, Optional<String> serial) {}

    /** An issued birth certificate, with the chain above it (issuing CA, then root). */
    public record Issued(Device device, X509Certificate certificate, List<X509Certificate> chain) {}

    /**
     * Issues a birth certificate for each request, for devices of {@code productRef} of the manufacturer {@code
     * orgRef} (the caller's organization when null).
     *
     * @throws UntrustedInputException naming the first bad request by its index
     * @throws io.hallmark.server.persistence.ConflictException when a serial is taken; nothing is recorded
     */
    public List<Issued> issue(Caller caller, String orgRef, String productRef, List<Request> requests) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        Organization org =
                access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
        guard.check(caller, Permission.DEVICE_PROVISION, org.id(), "factory.issue", productRef);
        if (!org.kinds().contains(OrgKind.MANUFACTURER)) {
            throw new InvalidRequestException("org: " + org.name() + " is not a manufacturer");
        }
        if (requests == null || requests.isEmpty() || requests.size() > MAX_BATCH) {
            throw new InvalidRequestException("requests: expected 1.." + MAX_BATCH);
        }
        Product product = products.find(caller, org.id(), productRef);
        if (!product.orgId().equals(org.id())) {
            throw new NotFoundException("no product " + productRef);
        }
        OrganizationCa ca = cas.ensure(org).orElseThrow();
        String idevidCa = ca.issuerAlias(OrganizationCa.Purpose.IDEVID);
        if (tx.read(s -> s.caRevocations().find(idevidCa)).isPresent()) {
            throw new io.hallmark.server.persistence.ConflictException("the issuing CA " + idevidCa
                    + " was revoked by its root; no birth certificate can be issued under it");
        }
        List<Csr> csrs = new ArrayList<>(requests.size());
        List<String> serials = new ArrayList<>(requests.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            Csr csr;
            String serial;
            try {
                csr = CsrVerifier.verify(r.csr());
                serial = serialOf(csr, r.serial());
            } catch (UntrustedInputException | InvalidRequestException e) {
                throw new UntrustedInputException((requests.size() > 1 ? "request " + i + ": " : "") + e.getMessage());
            }
            if (!seen.add(serial)) {
                throw new UntrustedInputException("request " + i + ": serial " + serial + " appears twice");
            }
            csrs.add(csr);
            serials.add(serial);
        }
        URI masa = masaUrl.get();
        List<Issued> issued = new ArrayList<>(requests.size());
        Instant now = lifecycle.now();
        for (int i = 0; i < csrs.size(); i++) {
            X509Certificate certificate = ca.issue(
                    csrs.get(i).publicKey(),
                    DeviceProfile.idevid(serials.get(i))
                            .hardwareType(product.hardwareType())
                            .masaUrl(masa)
                            .build());
            Device device = new Device(
                    Ids.newId("dev"),
                    serials.get(i),
                    org.id(),
                    Optional.of(org.id()),
                    Optional.of(product.id()),
                    Optional.empty(),
                    DeviceState.MANUFACTURED,
                    false,
                    Optional.empty(),
                    now,
                    now);
            issued.add(new Issued(device, certificate, ca.chain(OrganizationCa.Purpose.IDEVID)));
        }
        String alias = ca.issuerAlias(OrganizationCa.Purpose.IDEVID);
        String actor = caller.principal().userId();
        tx.inTransaction(s -> {
            for (Issued i : issued) {
                s.devices().insert(i.device());
                s.deviceCertificates().insert(record(alias, i.device(), org.id(), i.certificate()));
                s.devices()
                        .appendEvent(new DeviceEvent(
                                Ids.newId("dve"),
                                i.device().id(),
                                now,
                                "factory.issue",
                                Optional.empty(),
                                DeviceState.MANUFACTURED,
                                actor,
                                Optional.empty()));
                audit.record(
                        s, caller.success("factory.issue", org.id(), i.device().id()));
            }
            return null;
        });
        return issued;
    }

    /** The serial the certificate will name: the one given, which must agree with the CSR's, or the CSR's. */
    private static String serialOf(Csr csr, Optional<String> given) {
        if (given.isPresent()) {
            DeviceService.checkSerial(given.get());
            if (csr.serialNumber().isPresent() && !csr.serialNumber().get().equals(given.get())) {
                throw new UntrustedInputException("serial: " + given.get() + " but the CSR subject names "
                        + csr.serialNumber().get());
            }
            return given.get();
        }
        String serial = csr.serialNumber()
                .orElseThrow(() -> new UntrustedInputException(
                        "serial: not given, and the CSR subject has no serialNumber attribute"));
        DeviceService.checkSerial(serial);
        return serial;
    }

    static DeviceCertificate record(String alias, Device device, String orgId, X509Certificate certificate) {
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("an issued certificate cannot be encoded", e);
        }
        return new DeviceCertificate(
                alias,
                certificate.getSerialNumber(),
                device.id(),
                orgId,
                alias.endsWith("idevid-ca") ? OrganizationCa.Purpose.IDEVID : OrganizationCa.Purpose.LDEVID,
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                CertificateStatus.GOOD,
                Optional.empty(),
                Optional.empty(),
                Hashes.hex(Hashes.sha256(der)),
                der);
    }
}

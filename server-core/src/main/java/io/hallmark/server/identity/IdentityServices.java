package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Guard;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.pki.OrganizationCaService;
import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The identity feature's services, wired together once.
 *
 * @param products manufacturers' products
 * @param factory factory issuance of birth certificates
 * @param devices operators' acts on devices
 * @param enrollment devices' EST enrollment
 * @param vouchers ownership vouchers and trusted manufacturers
 * @param onboarding the BRSKI registrar and MASA on the device port
 * @param authenticator the device port's client-certificate decisions
 * @param certificateStatus listeners told of every issued, held, released or revoked device certificate
 * @param caRevocations revocation of issuing CAs by their roots
 */
public record IdentityServices(
        ProductService products,
        FactoryService factory,
        DeviceService devices,
        EnrollmentService enrollment,
        VoucherService vouchers,
        OnboardingService onboarding,
        DeviceAuthenticator authenticator,
        CertificateStatusListeners certificateStatus,
        CaRevocationService caRevocations) {

    /**
     * Wires the services.
     *
     * @param masaUrl the MASA URL written into birth certificates (RFC 8995 §2.3.2), read at each issuance
     * @param masaClient how the registrar reaches another instance's MASA
     */
    public static IdentityServices create(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            OrganizationCaService cas,
            EventBus events,
            Clock clock,
            Supplier<URI> masaUrl,
            MasaClient masaClient) {
        Checks.notNull(masaUrl, "masaUrl");
        Lifecycle lifecycle = new Lifecycle(clock, events);
        CertificateStatusListeners listeners = new CertificateStatusListeners();
        ProductService products = new ProductService(tx, audit, guard, access, clock);
        DeviceAuthenticator authenticator = new DeviceAuthenticator(tx, cas, listeners);
        CaRevocationService caRevocations = new CaRevocationService(tx, audit, guard, access, cas, clock);
        // the device port's cached answers must see a revoked issuing CA at once
        caRevocations.addListener((caAlias, serial) -> authenticator.forget());
        return new IdentityServices(
                products,
                new FactoryService(tx, audit, guard, access, cas, products, lifecycle, masaUrl),
                new DeviceService(tx, audit, guard, access, cas, products, lifecycle, listeners),
                new EnrollmentService(tx, audit, access, cas, lifecycle, listeners),
                new VoucherService(tx, audit, guard, access, cas, lifecycle, authenticator),
                new OnboardingService(tx, audit, access, cas, lifecycle, masaClient),
                authenticator,
                listeners,
                caRevocations);
    }
}

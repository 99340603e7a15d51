package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.DEVICE_PROVISION;
import static io.hallmark.server.access.Permission.DEVICE_READ;
import static io.hallmark.server.access.Permission.TRUST_MANAGE;
import static io.hallmark.server.http.ApiRoutes.nonNull;
import static io.hallmark.server.http.ApiRoutes.pageOf;

import io.hallmark.protocol.v1.TrustManufacturer;
import io.hallmark.protocol.v1.TrustedManufacturerView;
import io.hallmark.protocol.v1.TrustedManufacturers;
import io.hallmark.protocol.v1.VoucherImport;
import io.hallmark.protocol.v1.VoucherIssue;
import io.hallmark.protocol.v1.VoucherView;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.identity.TrustedManufacturer;
import io.hallmark.server.identity.VoucherRecord;
import io.hallmark.server.persistence.Page;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The operator API's routes of ownership vouchers and trusted manufacturers. */
final class VoucherRoutes {
    private VoucherRoutes() {}

    static void define(ApiRoutes r, ApiServices s) {
        r.route(
                "POST",
                "/api/v1/vouchers",
                "issueVoucher",
                "Issue an ownership voucher (RFC 8366) for a device, to an owner here or to another domain",
                Set.of(DEVICE_PROVISION),
                VoucherIssue.class,
                VoucherView.class,
                201,
                true,
                (ctx, c, body) -> {
                    Optional<byte[]> pinned = Optional.ofNullable(body.pinnedCert())
                            .map(pem -> {
                                List<X509Certificate> certs = certificates(pem, "pinnedCert");
                                if (certs.size() != 1) {
                                    throw new InvalidRequestException("pinnedCert: expected one certificate");
                                }
                                return der(certs.get(0));
                            });
                    return view(s.identity()
                            .vouchers()
                            .issue(
                                    c,
                                    body.org(),
                                    nonNull(body.serial(), "serial"),
                                    Optional.ofNullable(body.owner()),
                                    pinned,
                                    Optional.ofNullable(body.validityDays()).map(Duration::ofDays))
                            .record());
                });
        r.route(
                "POST",
                "/api/v1/vouchers/import",
                "importVoucher",
                "Import a voucher signed by a trusted manufacturer; the device becomes owned",
                Set.of(DEVICE_PROVISION),
                VoucherImport.class,
                VoucherView.class,
                201,
                true,
                (ctx, c, body) -> view(s.identity()
                        .vouchers()
                        .importVoucher(c, body.org(), nonNull(body.voucher(), "voucher"))
                        .record()));
        r.page(
                "GET",
                "/api/v1/vouchers",
                "listVouchers",
                "The vouchers an organization issued or holds, newest first",
                Set.of(DEVICE_READ),
                VoucherView.class,
                (ctx, c) -> Views.page(
                        s.identity().vouchers().list(c, ctx.queryParam("org"), pageOf(ctx)), VoucherRoutes::view));
        r.route(
                "POST",
                "/api/v1/trust/manufacturers",
                "trustManufacturer",
                "Trust another instance's manufacturer: its vouchers and its devices' birth certificates",
                Set.of(TRUST_MANAGE),
                TrustManufacturer.class,
                TrustedManufacturers.class,
                201,
                true,
                (ctx, c, body) -> {
                    List<TrustedManufacturer> added = s.identity()
                            .vouchers()
                            .trustManufacturer(
                                    c, body.org(), body.name(), certificates(nonNull(body.cert(), "cert"), "cert"));
                    return new TrustedManufacturers(
                            added.stream().map(VoucherRoutes::trusted).toList());
                });
        r.page(
                "GET",
                "/api/v1/trust/manufacturers",
                "listTrustedManufacturers",
                "The manufacturer certificates an owner trusts",
                Set.of(DEVICE_READ),
                TrustedManufacturerView.class,
                (ctx, c) -> Views.page(
                        new Page<>(
                                s.identity().vouchers().trustedManufacturers(c, ctx.queryParam("org")),
                                Optional.empty()),
                        VoucherRoutes::trusted));
    }

    static VoucherView view(VoucherRecord v) {
        return new VoucherView(
                v.id(),
                v.serial(),
                v.deviceId().orElse(null),
                v.issuerOrg().orElse(null),
                v.holderOrg().orElse(null),
                v.kind().name().toLowerCase(Locale.ROOT),
                v.pinnedSha256(),
                v.expiresAt().orElse(null),
                v.createdAt(),
                v.jws());
    }

    static TrustedManufacturerView trusted(TrustedManufacturer t) {
        String subject;
        try {
            subject = ((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(t.der())))
                    .getSubjectX500Principal()
                    .getName();
        } catch (GeneralSecurityException e) {
            subject = "?";
        }
        return new TrustedManufacturerView(t.orgId(), t.name(), subject, t.sha256(), t.createdAt());
    }

    /** The X.509 certificates of a PEM text, at least one. */
    static List<X509Certificate> certificates(String pem, String field) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidRequestException(field + ": not PEM X.509 certificates");
        }
        if (out.isEmpty()) {
            throw new InvalidRequestException(field + ": no certificate");
        }
        return out;
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}

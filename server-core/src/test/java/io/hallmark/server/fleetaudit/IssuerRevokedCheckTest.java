package io.hallmark.server.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.identity.CaRevocation;
import io.hallmark.server.identity.CertificateStatus;
import io.hallmark.server.identity.DeviceCertificate;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.pki.OrganizationCa;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IssuerRevokedCheckTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String REVOKED_CA = "org.owner.ldevid-ca";
    private static final CaRevocation REVOCATION = new CaRevocation(
            "owner",
            REVOKED_CA,
            "org.owner.root",
            BigInteger.valueOf(42),
            io.hallmark.server.pki.CertificateStatus.Reason.KEY_COMPROMISE,
            NOW.minus(Duration.ofDays(1)),
            "usr_1");

    private final DeviceChecks checks = new DeviceChecks(FleetAuditSettings.defaults());

    private static DeviceCertificate cert(String ca, long serial, CertificateStatus status) {
        return DeviceChecksTest.certificate(
                ca,
                serial,
                OrganizationCa.Purpose.LDEVID,
                status,
                NOW.minus(Duration.ofDays(serial)),
                NOW.plus(Duration.ofDays(80)));
    }

    private List<Observation> run(List<DeviceCertificate> certificates, Map<String, CaRevocation> revoked) {
        List<Observation> out = new ArrayList<>();
        checks.issuerRevoked(DeviceChecksTest.device(DeviceState.ACTIVE), certificates, revoked, out);
        return out;
    }

    @Test
    void aGoodCertificateUnderARevokedIssuingCaIsAFinding() {
        List<Observation> out = run(
                List.of(
                        cert(REVOKED_CA, 7, CertificateStatus.GOOD),
                        cert("org.other.ldevid-ca", 8, CertificateStatus.GOOD)),
                Map.of(REVOKED_CA, REVOCATION));
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.check()).isEqualTo(AuditCheck.DEVICE_CERTIFICATE_ISSUER_REVOKED);
            assertThat(o.check().id()).isEqualTo("device.certificate.issuer-revoked");
            assertThat(o.resource().id()).isEqualTo("dev_1");
            assertThat(o.actual())
                    .startsWith("good certificate serial 7 of " + REVOKED_CA)
                    .contains("keyCompromise")
                    .doesNotContain("org.other");
            assertThat(o.check().remediation()).contains("re-enroll the device under a new issuing CA");
        });
    }

    @Test
    void everyGoodCertificateUnderItIsNamed() {
        List<Observation> out = run(
                List.of(cert(REVOKED_CA, 7, CertificateStatus.GOOD), cert(REVOKED_CA, 9, CertificateStatus.GOOD)),
                Map.of(REVOKED_CA, REVOCATION));
        assertThat(out).singleElement().satisfies(o -> assertThat(o.actual())
                .startsWith("2 good certificates: ")
                .contains("serial 7", "serial 9"));
    }

    @Test
    void quietWhenNoIssuingCaIsRevoked() {
        assertThat(run(List.of(cert(REVOKED_CA, 7, CertificateStatus.GOOD)), Map.of()))
                .isEmpty();
    }

    @Test
    void quietWhenTheCertificatesUnderTheRevokedCaAreHeldOrRevokedThemselves() {
        assertThat(run(
                        List.of(
                                cert(REVOKED_CA, 7, CertificateStatus.REVOKED),
                                cert(REVOKED_CA, 8, CertificateStatus.HELD),
                                cert("org.other.ldevid-ca", 9, CertificateStatus.GOOD)),
                        Map.of(REVOKED_CA, REVOCATION)))
                .isEmpty();
    }
}

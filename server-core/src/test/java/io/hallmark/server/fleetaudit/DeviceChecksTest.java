package io.hallmark.server.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.protocol.telemetry.TelemetryReport;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.identity.CertificateStatus;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceCertificate;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.pki.OrganizationCa;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceChecksTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String CA = "org.owner.ldevid-ca";
    private static final Map<String, Instant> ISSUERS = Map.of(CA, NOW.plus(Duration.ofDays(3000)));

    private final DeviceChecks checks = new DeviceChecks(FleetAuditSettings.defaults());

    static Device device(DeviceState state) {
        return new Device(
                "dev_1",
                "SN-1",
                "owner",
                Optional.empty(),
                Optional.empty(),
                Optional.of("owner"),
                state,
                true,
                Optional.empty(),
                NOW.minus(Duration.ofDays(400)),
                NOW.minus(Duration.ofDays(300)));
    }

    static DeviceCertificate certificate(
            String ca, long serial, OrganizationCa.Purpose purpose, CertificateStatus status, Instant nb, Instant na) {
        return new DeviceCertificate(
                ca,
                BigInteger.valueOf(serial),
                "dev_1",
                "owner",
                purpose,
                nb,
                na,
                status,
                Optional.empty(),
                Optional.empty(),
                "00".repeat(32),
                new byte[] {1});
    }

    private static DeviceCertificate operational(Instant notBefore, Instant notAfter) {
        return certificate(CA, 7, OrganizationCa.Purpose.LDEVID, CertificateStatus.GOOD, notBefore, notAfter);
    }

    private List<Observation> certificateChecks(DeviceCertificate c, Map<String, Instant> issuers) {
        List<Observation> out = new ArrayList<>();
        checks.certificate(device(DeviceState.ACTIVE), c, issuers, NOW, out);
        return out;
    }

    private static List<AuditCheck> ids(List<Observation> out) {
        return out.stream().map(Observation::check).toList();
    }

    @Test
    void theLatestGoodOperationalCertificateIsAudited() {
        DeviceCertificate old = operational(NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(10)));
        DeviceCertificate current = operational(NOW.minus(Duration.ofDays(5)), NOW.plus(Duration.ofDays(85)));
        DeviceCertificate revoked = certificate(
                CA,
                8,
                OrganizationCa.Purpose.LDEVID,
                CertificateStatus.REVOKED,
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(89)));
        DeviceCertificate birth = certificate(
                "org.maker.idevid-ca",
                9,
                OrganizationCa.Purpose.IDEVID,
                CertificateStatus.GOOD,
                NOW,
                NOW.plus(Duration.ofDays(9000)));
        assertThat(DeviceChecks.latestOperational(List.of(old, current, revoked, birth)))
                .contains(current);
        assertThat(DeviceChecks.latestOperational(List.of(birth))).isEmpty();
    }

    @Test
    void aCertificateExpiringWithin30DaysFires() {
        List<Observation> out =
                certificateChecks(operational(NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(10))), ISSUERS);
        assertThat(ids(out)).containsExactly(AuditCheck.DEVICE_CERTIFICATE_EXPIRING);
        assertThat(out.get(0).actual()).contains("in 10 days");
        assertThat(out.get(0).resource()).isEqualTo(new Resource("device", "dev_1", "SN-1"));
    }

    @Test
    void anExpiredCertificateFires() {
        List<Observation> out =
                certificateChecks(operational(NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofDays(1))), ISSUERS);
        assertThat(ids(out)).containsExactly(AuditCheck.DEVICE_CERTIFICATE_EXPIRING);
        assertThat(out.get(0).actual()).startsWith("expired ");
    }

    @Test
    void aFreshCertificateIsQuiet() {
        assertThat(certificateChecks(
                        operational(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(89))), ISSUERS))
                .isEmpty();
    }

    @Test
    void aCertificateIssuedMoreThanAYearAgoIsTooOld() {
        List<Observation> out = certificateChecks(
                operational(NOW.minus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(400))), ISSUERS);
        assertThat(ids(out)).containsExactly(AuditCheck.DEVICE_CERTIFICATE_TOO_OLD);
        assertThat(out.get(0).actual()).contains("400 days ago");
    }

    @Test
    void aCertificateUnderAnUnknownOrExpiredIssuerFires() {
        DeviceCertificate c = operational(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(89)));
        assertThat(ids(certificateChecks(c, Map.of()))).containsExactly(AuditCheck.DEVICE_CERTIFICATE_ISSUER_INVALID);
        assertThat(ids(certificateChecks(c, Map.of(CA, NOW.minusSeconds(1)))))
                .containsExactly(AuditCheck.DEVICE_CERTIFICATE_ISSUER_INVALID);
    }

    @Test
    void aWeakOrRocaKeyFiresAndAGoodKeyIsQuiet() {
        Device d = device(DeviceState.ACTIVE);
        List<Observation> out = new ArrayList<>();
        checks.key(d, TestKeys.rsa(1024).getEncoded(), out);
        checks.key(d, TestKeys.rocaStructured(7).getEncoded(), out);
        checks.key(d, new byte[0], out);
        assertThat(ids(out))
                .containsExactly(AuditCheck.DEVICE_KEY_WEAK, AuditCheck.DEVICE_KEY_ROCA, AuditCheck.DEVICE_KEY_WEAK);
        out.clear();
        checks.key(d, TestKeys.ec("secp256r1").getEncoded(), out);
        assertThat(out).isEmpty();
    }

    static TelemetryService.Latest report(Instant at, TelemetryReport.ListeningPort... listening) {
        return new TelemetryService.Latest(
                new TelemetryReport(
                        TelemetryReport.VERSION,
                        "SN-1",
                        1,
                        at.getEpochSecond() - 60,
                        60,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        List.of(),
                        List.of(listening),
                        0,
                        1,
                        1024,
                        "1.0.0",
                        100,
                        List.of()),
                at,
                List.of());
    }

    private List<Observation> telemetry(DeviceState state, Optional<TelemetryService.Latest> latest, Instant since) {
        List<Observation> out = new ArrayList<>();
        checks.telemetry(device(state), latest, since, NOW, out);
        return out;
    }

    @Test
    void telnetOrPlainHttpListeningFires() {
        List<Observation> out = telemetry(
                DeviceState.ACTIVE,
                Optional.of(report(
                        NOW.minusSeconds(60),
                        new TelemetryReport.ListeningPort(23, TelemetryReport.Protocol.TCP),
                        new TelemetryReport.ListeningPort(80, TelemetryReport.Protocol.TCP),
                        new TelemetryReport.ListeningPort(443, TelemetryReport.Protocol.TCP))),
                NOW.minus(Duration.ofDays(9)));
        assertThat(ids(out)).containsExactly(AuditCheck.DEVICE_SERVICE_INSECURE);
        assertThat(out.get(0).actual()).contains("Telnet on 23/tcp").contains("plain HTTP on 80/tcp");
    }

    @Test
    void tlsServicesAreQuiet() {
        assertThat(telemetry(
                        DeviceState.ACTIVE,
                        Optional.of(report(
                                NOW.minusSeconds(60),
                                new TelemetryReport.ListeningPort(443, TelemetryReport.Protocol.TCP),
                                new TelemetryReport.ListeningPort(8883, TelemetryReport.Protocol.TCP),
                                new TelemetryReport.ListeningPort(23, TelemetryReport.Protocol.UDP))),
                        NOW.minus(Duration.ofDays(9))))
                .isEmpty();
    }

    @Test
    void anActiveDeviceSilentForMoreThanADayFires() {
        assertThat(ids(telemetry(
                        DeviceState.ACTIVE,
                        Optional.of(report(NOW.minus(Duration.ofHours(30)))),
                        NOW.minus(Duration.ofDays(9)))))
                .containsExactly(AuditCheck.DEVICE_TELEMETRY_SILENT);
        assertThat(ids(telemetry(DeviceState.ACTIVE, Optional.empty(), NOW.minus(Duration.ofDays(9)))))
                .as("never reported since reports are collected")
                .containsExactly(AuditCheck.DEVICE_TELEMETRY_SILENT);
    }

    @Test
    void aRecentReportAFreshStartOrAnInactiveDeviceIsQuiet() {
        assertThat(telemetry(
                        DeviceState.ACTIVE,
                        Optional.of(report(NOW.minus(Duration.ofHours(2)))),
                        NOW.minus(Duration.ofDays(9))))
                .isEmpty();
        assertThat(telemetry(DeviceState.ACTIVE, Optional.empty(), NOW.minus(Duration.ofHours(1))))
                .as("reports collected only for an hour")
                .isEmpty();
        assertThat(telemetry(DeviceState.QUARANTINED, Optional.empty(), NOW.minus(Duration.ofDays(9))))
                .isEmpty();
        assertThat(telemetry(
                        DeviceState.ENROLLED,
                        Optional.of(report(NOW.minus(Duration.ofDays(5)))),
                        NOW.minus(Duration.ofDays(9))))
                .isEmpty();
    }
}

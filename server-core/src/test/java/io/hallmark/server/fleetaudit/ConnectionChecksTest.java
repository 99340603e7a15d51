package io.hallmark.server.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.identity.ConnectionLog;
import io.hallmark.server.identity.ConnectionLog.Connection;
import io.hallmark.server.identity.ConnectionLog.Refusal;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionChecksTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String CERT = "ab".repeat(32);

    private final ConnectionChecks checks = new ConnectionChecks(FleetAuditSettings.defaults());
    private final Device device = DeviceChecksTest.device(DeviceState.ACTIVE);

    private static Connection at(int minute, String address, boolean tookOver, Refusal refusal) {
        return new Connection(
                CERT, "7", "mqtt", address, Optional.of("SN-1"), tookOver, refusal, NOW.plusSeconds(minute * 60L));
    }

    private List<AuditCheck> run(Connection... connections) {
        List<Observation> out = new ArrayList<>();
        checks.connections(device, Map.of(CERT, List.of(connections)), out);
        return out.stream().map(Observation::check).toList();
    }

    @Test
    void interleavedConnectionsFromTwoAddressesAreASharedCertificate() {
        assertThat(run(
                        at(0, "192.0.2.1", false, Refusal.NONE),
                        at(5, "198.51.100.9", false, Refusal.NONE),
                        at(10, "192.0.2.1", false, Refusal.NONE)))
                .containsExactly(AuditCheck.DEVICE_CERTIFICATE_SHARED);
    }

    @Test
    void oneMoveToAnotherNetworkOrConnectionsHoursApartAreNotShared() {
        assertThat(run(
                        at(0, "192.0.2.1", false, Refusal.NONE),
                        at(5, "198.51.100.9", false, Refusal.NONE),
                        at(10, "198.51.100.9", false, Refusal.NONE)))
                .isEmpty();
        assertThat(run(
                        at(0, "192.0.2.1", false, Refusal.NONE),
                        at(70, "198.51.100.9", false, Refusal.NONE),
                        at(140, "192.0.2.1", false, Refusal.NONE)))
                .isEmpty();
    }

    @Test
    void repeatedSessionTakeoversAreAClientIdConflict() {
        assertThat(run(
                        at(0, "192.0.2.1", true, Refusal.NONE),
                        at(1, "192.0.2.1", true, Refusal.NONE),
                        at(2, "192.0.2.1", true, Refusal.NONE)))
                .containsExactly(AuditCheck.DEVICE_CLIENT_ID_CONFLICT);
        assertThat(run(at(0, "192.0.2.1", true, Refusal.NONE), at(1, "192.0.2.1", true, Refusal.NONE)))
                .isEmpty();
    }

    @Test
    void aRevokedOrQuarantinedDeviceStillConnectingFires() {
        assertThat(run(at(0, "192.0.2.1", false, Refusal.REVOKED)))
                .containsExactly(AuditCheck.DEVICE_REFUSED_CONNECTING);
        assertThat(run(at(0, "192.0.2.1", false, Refusal.QUARANTINED)))
                .containsExactly(AuditCheck.DEVICE_REFUSED_CONNECTING);
        assertThat(run(at(0, "192.0.2.1", false, Refusal.OTHER), at(1, "192.0.2.1", false, Refusal.NONE)))
                .isEmpty();
    }

    @Test
    void refusalMessagesAreClassified() {
        assertThat(Refusal.of(Optional.empty())).isEqualTo(Refusal.NONE);
        assertThat(Refusal.of(Optional.of("client certificate refused: certificate is revoked")))
                .isEqualTo(Refusal.REVOKED);
        assertThat(Refusal.of(Optional.of("client certificate refused: certificate is held")))
                .isEqualTo(Refusal.REVOKED);
        assertThat(Refusal.of(Optional.of("device is quarantined"))).isEqualTo(Refusal.QUARANTINED);
        assertThat(Refusal.of(Optional.of("client id is not the serial number")))
                .isEqualTo(Refusal.OTHER);
    }

    @Test
    void theLogKeepsABoundedRecentHistoryPerCertificate() {
        ConnectionLog log =
                new ConnectionLog(java.time.Clock.fixed(NOW.plus(Duration.ofHours(1)), java.time.ZoneOffset.UTC));
        for (int i = 0; i < ConnectionLog.PER_CERTIFICATE + 10; i++) {
            log.record(at(i, "192.0.2.1", false, Refusal.NONE));
        }
        log.record(new Connection(
                "cd".repeat(32),
                "8",
                "device-port",
                "192.0.2.2",
                Optional.empty(),
                false,
                Refusal.NONE,
                NOW.minus(Duration.ofDays(2))));
        Map<String, List<Connection>> kept =
                log.since(List.of(CERT, "cd".repeat(32), "ef"), NOW.minus(Duration.ofDays(5)));
        assertThat(kept.get(CERT)).hasSize(ConnectionLog.PER_CERTIFICATE);
        assertThat(kept).as("older than the retention, or never seen").containsOnlyKeys(CERT);
        assertThat(log.certificates()).isEqualTo(2);
    }
}

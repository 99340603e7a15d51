package io.hallmark.server.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.behaviour.AlertSuppression.Scope;
import io.hallmark.server.behaviour.detect.Finding;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertSuppressionTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Finding TELNET =
            new Finding("behaviour.listen.telnet", Finding.FindingSeverity.HIGH, "23/tcp", "none", "23/tcp", "");
    private static final Finding VOLUME = new Finding(
            "behaviour.baseline.bytes_out_per_s", Finding.FindingSeverity.MEDIUM, "bytes_out_per_s", "9", "99", "");

    private static Device device(String id, String owner, Optional<String> product) {
        return new Device(
                id,
                "SN-" + id,
                owner,
                Optional.of(owner),
                product,
                Optional.of(owner),
                DeviceState.ACTIVE,
                false,
                Optional.empty(),
                NOW,
                NOW);
    }

    private static AlertSuppression of(String kind, Scope scope, String target) {
        return new AlertSuppression(
                "als_1", "org_A", kind, scope, target, "why", NOW.plusSeconds(60), "usr_1", NOW, Optional.empty());
    }

    @Test
    void aDeviceSuppressionCoversOnlyThatDeviceAndKind() {
        AlertSuppression x = of("behaviour.listen.telnet", Scope.DEVICE, "dev_1");
        assertThat(x.covers(device("dev_1", "org_A", Optional.empty()), TELNET, NOW))
                .isTrue();
        assertThat(x.covers(device("dev_2", "org_A", Optional.empty()), TELNET, NOW))
                .isFalse();
        assertThat(x.covers(device("dev_1", "org_A", Optional.empty()), VOLUME, NOW))
                .isFalse();
    }

    @Test
    void aProductSuppressionCoversTheOwnersDevicesOfThatProductOnly() {
        AlertSuppression x = of("behaviour.baseline.*", Scope.PRODUCT, "prd_1");
        assertThat(x.covers(device("dev_1", "org_A", Optional.of("prd_1")), VOLUME, NOW))
                .isTrue();
        assertThat(x.covers(device("dev_1", "org_A", Optional.of("prd_2")), VOLUME, NOW))
                .isFalse();
        assertThat(x.covers(device("dev_1", "org_A", Optional.empty()), VOLUME, NOW))
                .isFalse();
        assertThat(x.covers(device("dev_1", "org_B", Optional.of("prd_1")), VOLUME, NOW))
                .as("another owner's devices of the same product")
                .isFalse();
    }

    @Test
    void aSuppressionEndsAtItsExpiryOrWhenLifted() {
        AlertSuppression x = of("behaviour.listen.telnet", Scope.ORGANIZATION, "org_A");
        Device d = device("dev_1", "org_A", Optional.empty());
        assertThat(x.covers(d, TELNET, NOW.plusSeconds(59))).isTrue();
        assertThat(x.covers(d, TELNET, NOW.plusSeconds(60))).isFalse();
        AlertSuppression lifted = new AlertSuppression(
                x.id(),
                x.orgId(),
                x.kind(),
                x.scope(),
                x.target(),
                x.reason(),
                x.expiresAt(),
                x.createdBy(),
                x.createdAt(),
                Optional.of(new Alert.Triage("usr_2", NOW, "over")));
        assertThat(lifted.covers(d, TELNET, NOW)).isFalse();
    }

    @Test
    void aPrefixMatchesWholeSegmentsOnly() {
        assertThat(AlertSuppression.matches("behaviour.listen.*", "behaviour.listen.telnet"))
                .isTrue();
        assertThat(AlertSuppression.matches("behaviour.listen.*", "behaviour.listening"))
                .isFalse();
        assertThat(AlertSuppression.matches("behaviour.listen.telnet", "behaviour.listen.telnet.x"))
                .isFalse();
    }
}

package io.hallmark.server.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.protocol.attestation.Tier;
import io.hallmark.protocol.telemetry.DefaultCredentials;
import io.hallmark.protocol.telemetry.TelemetryReport;
import io.hallmark.server.attestation.AttestationRecord;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.update.Release;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PostureChecksTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final PostureChecks checks = new PostureChecks(FleetAuditSettings.defaults());

    private static Device device(DeviceState state, Instant updated) {
        return new Device(
                "dev_1",
                "SN-1",
                "owner",
                Optional.of("maker"),
                Optional.of("prd_1"),
                Optional.of("owner"),
                state,
                true,
                Optional.empty(),
                NOW.minus(Duration.ofDays(400)),
                updated);
    }

    private static final Device ACTIVE = device(DeviceState.ACTIVE, NOW.minus(Duration.ofDays(3)));

    /** A signed result's shape (the signature is not read by the check), with the findings given. */
    static String ear(String findingsJson) {
        String claims = "{\"eat_profile\":\"tag:ietf.org,2026:rats/ear#03\",\"iat\":1795600000,"
                + "\"ear_verifier_id\":{\"developer\":\"https://hallmark.example\",\"build\":\"test\"},"
                + "\"ear_status\":\"warning\",\"sub\":\"SN-1\",\"submods\":{\"device\":{\"ear_status\":\"warning\","
                + "\"ear_trustworthiness_vector\":{\"configuration\":32},\"hallmark\":{\"findings\":[" + findingsJson
                + "]}}}}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private static AttestationRecord result(Instant at, String ear) {
        return new AttestationRecord("att_1", "dev_1", "owner", Tier.WARNING, at, ear);
    }

    private static Release release(String version, boolean security, Instant published) {
        return new Release(
                "rel_" + version,
                "maker",
                "prd_1",
                "M-1",
                version,
                "M-1/" + version + "/image.bin",
                "0".repeat(64),
                10,
                Optional.empty(),
                new TreeMap<>(),
                List.of(),
                security,
                Release.State.PUBLISHED,
                "usr_1",
                published,
                Optional.empty());
    }

    @Test
    void aResultOlderThanTheOwnersIntervalIsStale() {
        Optional<Observation> o =
                checks.attestation(ACTIVE, Optional.of(result(NOW.minus(Duration.ofHours(3)), ear(""))), HOUR, NOW);
        assertThat(o).map(Observation::check).contains(AuditCheck.DEVICE_ATTESTATION_STALE);
        assertThat(o.get().actual()).contains("3 hours ago");
    }

    @Test
    void aResultWithinTheIntervalIsNotStale() {
        assertThat(checks.attestation(
                        ACTIVE, Optional.of(result(NOW.minus(Duration.ofMinutes(59)), ear(""))), HOUR, NOW))
                .isEmpty();
    }

    @Test
    void anActiveDeviceWithoutAnyResultIsStaleOnlyOnceActiveLongerThanTheInterval() {
        assertThat(checks.attestation(ACTIVE, Optional.empty(), HOUR, NOW))
                .map(Observation::actual)
                .hasValueSatisfying(a -> assertThat(a).startsWith("no attestation result"));
        Device justActivated = device(DeviceState.ACTIVE, NOW.minus(Duration.ofMinutes(10)));
        assertThat(checks.attestation(justActivated, Optional.empty(), HOUR, NOW))
                .isEmpty();
        Device enrolled = device(DeviceState.ENROLLED, NOW.minus(Duration.ofDays(3)));
        assertThat(checks.attestation(enrolled, Optional.empty(), HOUR, NOW)).isEmpty();
    }

    @Test
    void debugEnabledInTheLatestEvidenceFires() {
        String ear = ear("{\"id\":\"attestation.debug.enabled\",\"severity\":\"warning\",\"expected\":\"disabled\","
                + "\"actual\":\"enabled\"}");
        Optional<Observation> o = checks.debug(ACTIVE, Optional.of(result(NOW, ear)));
        assertThat(o).map(Observation::check).contains(AuditCheck.DEVICE_DEBUG_ENABLED);
        assertThat(o.get().actual()).startsWith("dbgstat enabled");
    }

    @Test
    void debugIsQuietWithoutTheFindingOrAResultOrWithAnUnreadableOne() {
        String other = ear("{\"id\":\"attestation.boot.unverified\",\"severity\":\"warning\",\"expected\":\"true\","
                + "\"actual\":\"false\"}");
        assertThat(checks.debug(ACTIVE, Optional.of(result(NOW, other)))).isEmpty();
        String development = ear("{\"id\":\"attestation.debug.enabled\",\"severity\":\"info\",\"expected\":"
                + "\"disabled\",\"actual\":\"enabled\"}");
        assertThat(checks.debug(ACTIVE, Optional.of(result(NOW, development))))
                .as("a development device may have debug on")
                .isEmpty();
        assertThat(checks.debug(ACTIVE, Optional.empty())).isEmpty();
        assertThat(checks.debug(ACTIVE, Optional.of(result(NOW, "not.a.jws")))).isEmpty();
        assertThat(checks.debug(ACTIVE, Optional.of(result(NOW, "one-part")))).isEmpty();
    }

    @Test
    void firmwareNotOnTheLatestSecurityReleaseAfterTheGracePeriodFires() {
        List<Release> releases = List.of(
                release("1.0.0", false, NOW.minus(Duration.ofDays(200))),
                release("1.1.0", true, NOW.minus(Duration.ofDays(45))));
        Optional<Observation> o = checks.firmware(ACTIVE, Optional.of("1.0.0"), releases, NOW);
        assertThat(o).map(Observation::check).contains(AuditCheck.DEVICE_FIRMWARE_BEHIND);
        assertThat(o.get().actual()).isEqualTo("runs 1.0.0, 45 days after 1.1.0 was published");
        assertThat(checks.firmware(ACTIVE, Optional.of("0.9-dev"), releases, NOW))
                .isPresent();
    }

    @Test
    void firmwareOnOrAfterTheSecurityReleaseOrWithinTheGracePeriodIsQuiet() {
        List<Release> releases = List.of(
                release("1.0.0", false, NOW.minus(Duration.ofDays(200))),
                release("1.1.0", true, NOW.minus(Duration.ofDays(45))),
                release("1.2.0", false, NOW.minus(Duration.ofDays(10))));
        assertThat(checks.firmware(ACTIVE, Optional.of("1.1.0"), releases, NOW)).isEmpty();
        assertThat(checks.firmware(ACTIVE, Optional.of("1.2.0"), releases, NOW)).isEmpty();
        assertThat(checks.firmware(ACTIVE, Optional.empty(), releases, NOW))
                .as("never reported")
                .isEmpty();
        List<Release> fresh = List.of(release("2.0.0", true, NOW.minus(Duration.ofDays(5))));
        assertThat(checks.firmware(ACTIVE, Optional.of("1.0.0"), fresh, NOW))
                .as("within the grace period")
                .isEmpty();
        List<Release> noSecurity = List.of(release("2.0.0", false, NOW.minus(Duration.ofDays(90))));
        assertThat(checks.firmware(ACTIVE, Optional.of("1.0.0"), noSecurity, NOW))
                .isEmpty();
    }

    private static TelemetryReport report(Optional<TelemetryReport.AccountCheck> acc) {
        return new TelemetryReport(
                2,
                "SN-1",
                1,
                1_795_600_800L,
                60,
                0,
                0,
                0,
                0,
                0,
                0,
                List.of(),
                List.of(),
                0,
                1,
                1,
                "1.0.0",
                60,
                List.of(),
                acc);
    }

    @Test
    void anAccountWithAKnownDefaultCredentialFiresNamingTheEntryNotThePassword() {
        String list = DefaultCredentials.builtIn().listId();
        Optional<Observation> o = checks.credentials(
                ACTIVE,
                Optional.of(report(Optional.of(new TelemetryReport.AccountCheck(
                        list, 2, List.of(new TelemetryReport.AccountMatch("root", "mirai-01")))))));
        assertThat(o).map(Observation::check).contains(AuditCheck.DEVICE_CREDENTIALS_DEFAULT);
        assertThat(o.get().actual())
                .isEqualTo("account root has default credential mirai-01 (2 accounts checked)")
                .doesNotContain("xc3511");
    }

    @Test
    void noMatchNoCheckOrNoReportKeepsTheCredentialCheckQuiet() {
        String list = DefaultCredentials.builtIn().listId();
        assertThat(checks.credentials(
                        ACTIVE, Optional.of(report(Optional.of(new TelemetryReport.AccountCheck(list, 3, List.of()))))))
                .isEmpty();
        assertThat(checks.credentials(ACTIVE, Optional.of(report(Optional.empty()))))
                .isEmpty();
        assertThat(checks.credentials(ACTIVE, Optional.empty())).isEmpty();
    }
}

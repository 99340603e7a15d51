package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fleet audit end to end: a device enrolled with openssl and curl over EST, audits run with the CLI while the
 * server's clock moves on, findings that open, keep their first sighting, are suppressed for a time and resolve.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetAuditIT {
    private TestServer server;
    private Actor admin;
    private Actor auditor;
    private Map<String, String> adminCli;
    private Map<String, String> auditorCli;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.givenServer(Store.H2);
        String ownerId = server.givenOrganization("Harbor Lights", "owner");
        admin = server.givenUser(ownerId, "admin");
        auditor = server.givenUser(ownerId, "auditor");
        adminCli = env(server, admin, "admin");
        auditorCli = env(server, auditor, "auditor");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void findingsOpenKeepTheirFirstSightingAreSuppressedAndResolve(Store store) throws IOException {
        try (Fleet f = new Fleet(TestServer.givenServer(store), tmp.resolve(store.name()))) {
            f.lifecycle();
        }
    }

    /** One server with an owner, its admin and auditor, and a device enrolled over EST. */
    private static final class Fleet implements AutoCloseable {
        private final TestServer server;
        private final Path tmp;
        private final Actor admin;
        private final Actor auditor;
        private final Map<String, String> adminCli;
        private final Map<String, String> auditorCli;

        Fleet(TestServer server, Path tmp) throws IOException {
            this.server = server;
            this.tmp = Files.createDirectories(tmp);
            String owner = server.givenOrganization("Harbor Lights", "owner");
            this.admin = server.givenUser(owner, "admin");
            this.auditor = server.givenUser(owner, "auditor");
            this.adminCli = env(server, admin, "admin");
            this.auditorCli = env(server, auditor, "auditor");
        }

        @Override
        public void close() {
            server.close();
        }

        void lifecycle() throws IOException {
            enroll(server, tmp, admin, "SN-FA-1");

            CliRun first = CliRun.run(adminCli, "audit-fleet", "run", "--json");
            assertThat(first.exitCode()).as("%s", first).isZero();
            JsonNode run1 = Api.JSON.readTree(first.out());
            assertThat(run1.get("devices").asLong()).isEqualTo(1);
            assertThat(checks(open(server, admin)))
                    .as("a fresh certificate, a fresh start")
                    .containsExactly("audit.chain.unverified");
            JsonNode unverified = open(server, admin).get(0);

            server.clock().advance(Duration.ofDays(70));
            assertThat(CliRun.run(adminCli, "audit-fleet", "run").exitCode()).isZero();
            List<JsonNode> now = open(server, admin);
            assertThat(checks(now))
                    .containsExactlyInAnyOrder(
                            "audit.chain.unverified",
                            "device.attestation.stale",
                            "device.certificate.expiring",
                            "device.telemetry.silent");
            JsonNode still = byCheck(now, "audit.chain.unverified");
            assertThat(still.get("id").asText()).isEqualTo(unverified.get("id").asText());
            assertThat(still.get("firstSeen").asText())
                    .isEqualTo(unverified.get("firstSeen").asText());
            assertThat(still.get("lastSeen").asText())
                    .isNotEqualTo(unverified.get("lastSeen").asText());

            JsonNode expiring = byCheck(now, "device.certificate.expiring");
            CliRun show = CliRun.run(
                    auditorCli, "audit-fleet", "show", expiring.get("id").asText());
            assertThat(show.exitCode()).as("%s", show).isZero();
            assertThat(show.out()).contains("SN-FA-1", "expires ", "re-enroll the device", "high");
            assertThat(show.out()).containsPattern("in (19|20) days");

            JsonNode silent = byCheck(now, "device.telemetry.silent");
            String deviceId = silent.get("resource").asText();
            Instant until = server.clock().instant().plus(Duration.ofDays(5));
            CliRun suppress = CliRun.run(
                    adminCli,
                    "audit-fleet",
                    "suppress",
                    "device.telemetry.silent",
                    "--resource",
                    deviceId,
                    "--reason",
                    "on a ship until next week",
                    "--until",
                    until.toString());
            assertThat(suppress.exitCode()).as("%s", suppress).isZero();
            assertThat(finding(server, auditor, silent.get("id").asText())
                            .get("state")
                            .asText())
                    .isEqualTo("suppressed");
            CliRun suppressions = CliRun.run(auditorCli, "audit-fleet", "suppressions");
            assertThat(suppressions.out()).contains("device.telemetry.silent", deviceId, "on a ship");

            Api.Response verified = server.api().get("/api/v1/audit/verify", admin.token());
            assertThat(verified.status()).as("%s", verified).isEqualTo(200);
            assertThat(verified.json().get("ok").asBoolean()).as("%s", verified).isTrue();
            Api.Response entries = server.api().get("/api/v1/audit/entries?action=audit.verify", admin.token());
            assertThat(entries.body()).as("%s", entries).contains("audit.verify");
            assertThat(CliRun.run(adminCli, "audit-fleet", "run").exitCode()).isZero();
            assertThat(finding(server, auditor, unverified.get("id").asText())
                            .get("state")
                            .asText())
                    .isEqualTo("resolved");
            assertThat(finding(server, auditor, silent.get("id").asText())
                            .get("state")
                            .asText())
                    .as("still suppressed")
                    .isEqualTo("suppressed");

            server.clock().advance(Duration.ofDays(6));
            assertThat(CliRun.run(adminCli, "audit-fleet", "run").exitCode()).isZero();
            assertThat(finding(server, auditor, silent.get("id").asText())
                            .get("state")
                            .asText())
                    .as("the suppression expired")
                    .isEqualTo("open");

            CliRun resolvedOnly = CliRun.run(auditorCli, "audit-fleet", "findings", "--state", "resolved", "--json");
            assertThat(resolvedOnly.out()).contains(unverified.get("id").asText());

            Api.Response log = server.api().get("/api/v1/audit/entries?action=fleet-audit.*", admin.token());
            assertThat(log.body()).contains("fleet-audit.run", "fleet-audit.suppress");
        }
    }

    @Test
    void readersReadAndOnlyManagersRunOrSuppress() {
        CliRun refused = CliRun.run(auditorCli, "audit-fleet", "run");
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(3);
        assertThat(CliRun.run(auditorCli, "audit-fleet", "findings").exitCode()).isZero();
        Api.Response suppress = server.api()
                .post(
                        "/api/v1/fleet-audit/suppressions",
                        auditor.token(),
                        Map.of("check", "device.key.weak", "reason", "x", "expires", "2099-01-01T00:00:00Z"));
        assertThat(suppress.status()).isEqualTo(403);
    }

    @Test
    void anotherOrganizationSeesNothingOfOurs() {
        String other = server.givenOrganization("Other Owner", "owner");
        Actor stranger = server.givenUser(other, "admin");
        Api.Response ours = server.api().post("/api/v1/fleet-audit/runs", admin.token(), Map.of());
        assertThat(ours.status()).as("%s", ours).isEqualTo(200);
        String ourOrg = ours.json().get("org").asText();
        String anyFinding = server.api()
                .get("/api/v1/fleet-audit/findings", admin.token())
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asText();

        assertThat(server.api()
                        .get("/api/v1/fleet-audit/findings/" + anyFinding, stranger.token())
                        .status())
                .isEqualTo(403);
        assertThat(server.api()
                        .get("/api/v1/fleet-audit/findings?org=" + ourOrg, stranger.token())
                        .status())
                .isEqualTo(403);
        assertThat(server.api()
                        .post("/api/v1/fleet-audit/runs", stranger.token(), Map.of("org", ourOrg))
                        .status())
                .isEqualTo(403);
        assertThat(server.api()
                        .get("/api/v1/fleet-audit/findings", stranger.token())
                        .json()
                        .get("items"))
                .isEmpty();
    }

    @Test
    void badInputIsRefusedWithAMessage() {
        Api.Response severity = server.api().get("/api/v1/fleet-audit/findings?severity=dire", admin.token());
        assertThat(severity.status()).isEqualTo(400);
        assertThat(severity.body()).contains("severity: dire");
        Api.Response state = server.api().get("/api/v1/fleet-audit/findings?state=gone", admin.token());
        assertThat(state.status()).isEqualTo(400);
        Api.Response unknownCheck = server.api().get("/api/v1/fleet-audit/findings?check=nope", admin.token());
        assertThat(unknownCheck.status()).isEqualTo(400);
        assertThat(unknownCheck.body()).contains("check: nope");

        Api.Response past = server.api()
                .post(
                        "/api/v1/fleet-audit/suppressions",
                        admin.token(),
                        Map.of("check", "device.key.weak", "reason", "x", "expires", "2001-01-01T00:00:00Z"));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.body()).contains("expires");
        Api.Response noReason = server.api()
                .post(
                        "/api/v1/fleet-audit/suppressions",
                        admin.token(),
                        Map.of("check", "device.key.weak", "expires", "2099-01-01T00:00:00Z"));
        assertThat(noReason.status()).isEqualTo(400);
        Api.Response unknownField =
                server.api().post("/api/v1/fleet-audit/runs", admin.token(), Map.of("organisation", "x"));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(server.api()
                        .get("/api/v1/fleet-audit/findings/faf_nope", admin.token())
                        .status())
                .isEqualTo(404);

        CliRun badCheck = CliRun.run(
                adminCli,
                "audit-fleet",
                "suppress",
                "no.such.check",
                "--reason",
                "x",
                "--until",
                "2099-01-01T00:00:00Z");
        assertThat(badCheck.exitCode()).isNotZero();
        assertThat(badCheck.err()).contains("check: no.such.check");
        CliRun badUntil =
                CliRun.run(adminCli, "audit-fleet", "suppress", "device.key.weak", "--reason", "x", "--until", "soon");
        assertThat(badUntil.exitCode()).isEqualTo(2);
    }

    private static List<JsonNode> open(TestServer server, Actor admin) {
        Api.Response r = server.api().get("/api/v1/fleet-audit/findings?state=open", admin.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        return items;
    }

    private static JsonNode finding(TestServer server, Actor auditor, String id) {
        Api.Response r = server.api().get("/api/v1/fleet-audit/findings/" + id, auditor.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static List<String> checks(List<JsonNode> findings) {
        return findings.stream().map(f -> f.get("check").asText()).toList();
    }

    private static JsonNode byCheck(List<JsonNode> findings, String check) {
        return findings.stream()
                .filter(f -> f.get("check").asText().equals(check))
                .findFirst()
                .orElseThrow();
    }

    /** Adds a device and enrolls it with an openssl key and CSR over EST with curl (RFC 7030 §4.2.1). */
    private static void enroll(TestServer server, Path tmp, Actor admin, String serial) throws IOException {
        Api.Response added = server.api().post("/api/v1/devices", admin.token(), Map.of("serial", serial));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        new OpensslEst(server, tmp)
                .enroll(serial, added.json().get("enrollmentSecret").asText());
    }

    private static Map<String, String> env(TestServer server, Actor actor, String name) throws IOException {
        return CliRun.env(server, actor.token(), name + ".token");
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.agent.sim.SimulatedDevice;
import io.hallmark.protocol.telemetry.TelemetryCodec;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet audit's device checks and mitigation policy end to end: devices enrolled with openssl and curl over EST
 * report telemetry over the device port with curl (the simulated agent's reports, one device with a factory default
 * password), the policy is set with the CLI, and a run finds the default credential and quarantines its device.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetChecksIT {
    private TestServer server;
    private Actor admin;
    private Actor auditor;
    private Map<String, String> adminCli;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.givenServer(Store.H2);
        String owner = server.givenOrganization("Quay Cameras", "owner");
        admin = server.givenUser(owner, "admin");
        auditor = server.givenUser(owner, "auditor");
        adminCli = CliRun.env(server, admin.token(), "quay-admin.token");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDefaultPasswordIsFoundAndItsDeviceQuarantinedByPolicyWhileAUniqueOneStaysQuiet() throws IOException {
        OpensslEst est = new OpensslEst(server, tmp);
        OpensslEst.Enrolled weak = est.enroll("SN-FC-1", secret("SN-FC-1"));
        OpensslEst.Enrolled strong = est.enroll("SN-FC-2", secret("SN-FC-2"));
        SimulatedDevice weakSim = new SimulatedDevice("SN-FC-1", 1);
        weakSim.useDefaultPassword();
        post(est, weak, TelemetryCodec.encode(weakSim.next(1_795_600_800L, 60)));
        post(est, strong, TelemetryCodec.encode(new SimulatedDevice("SN-FC-2", 2).next(1_795_600_800L, 60)));

        CliRun set = CliRun.run(
                adminCli,
                "audit-fleet",
                "policy",
                "set",
                "--rule",
                "device.credentials.default=notify,quarantine",
                "--rule",
                "low=notify");
        assertThat(set.exitCode()).as("%s", set).isZero();
        assertThat(set.out()).contains("RULE        device.credentials.default -> notify, quarantine");
        CliRun show = CliRun.run(adminCli, "audit-fleet", "policy", "show", "--json");
        assertThat(Api.JSON.readTree(show.out()).get("rules")).hasSize(2);

        CliRun run = CliRun.run(adminCli, "audit-fleet", "run");
        assertThat(run.exitCode()).as("%s", run).isZero();

        List<JsonNode> credentials = findings("device.credentials.default");
        assertThat(credentials).hasSize(1);
        JsonNode f = credentials.get(0);
        assertThat(f.get("resourceName").asText()).isEqualTo("SN-FC-1");
        assertThat(f.get("severity").asText()).isEqualTo("critical");
        assertThat(f.get("actual").asText())
                .contains("account root has default credential mirai-01")
                .doesNotContain("xc3511");
        assertThat(device("SN-FC-1").get("state").asText())
                .as("quarantined by the policy")
                .isEqualTo("quarantined");
        assertThat(device("SN-FC-2").get("state").asText()).isEqualTo("active");

        Api.Response log = server.api().get("/api/v1/audit/entries?action=fleet-audit.*", admin.token());
        assertThat(log.body()).contains("fleet-audit.policy", "fleet-audit.mitigate", "1 quarantined");
        Api.Response quarantine = server.api().get("/api/v1/audit/entries?action=device.quarantine", admin.token());
        assertThat(quarantine.body()).contains("fleet audit device.credentials.default");

        // seen again, it is not new: no second mitigation
        assertThat(CliRun.run(adminCli, "audit-fleet", "run").exitCode()).isZero();
        assertThat(findings("device.credentials.default")).hasSize(1);
    }

    @Test
    void aSimulatedFleetWithDebugOnAndADefaultPasswordHasExactlyThoseFindings() throws IOException {
        // the devices' evidence carries the real time; the test server's clock stood still since it started
        server.clock().advance(java.time.Duration.between(server.clock().instant(), java.time.Instant.now()));
        CliRun sim = CliRun.run(
                Map.of(),
                "simulate",
                "--data",
                server.dataDir().toString(),
                "--owner",
                "Audited Fleet",
                "--devices",
                "4",
                "--interval",
                "1",
                "--duration",
                "2",
                "--debug-on",
                "1",
                "--default-password",
                "1",
                "--work",
                tmp.resolve("sim").toString(),
                "--json");
        assertThat(sim.exitCode()).as(sim.err()).isZero();
        Api.Response run =
                server.api().post("/api/v1/fleet-audit/runs", server.adminToken(), Map.of("org", "Audited Fleet"));
        assertThat(run.status()).as("%s", run).isEqualTo(200);
        String org = run.json().get("org").asText();
        assertThat(findings(org, "device.debug.enabled"))
                .singleElement()
                .satisfies(f -> assertThat(f.get("actual").asText()).startsWith("dbgstat enabled"));
        assertThat(findings(org, "device.credentials.default"))
                .singleElement()
                .satisfies(f -> assertThat(f.get("actual").asText()).contains("mirai-01"));
        assertThat(findings(org, "device.attestation.stale"))
                .as("every device attested just now")
                .isEmpty();
        assertThat(findings(org, "device.certificate.shared")).isEmpty();
    }

    @Test
    void onlyManagersSetThePolicyAndBadRulesAreRefusedWithAMessage() {
        Api.Response read = server.api().get("/api/v1/fleet-audit/policy", auditor.token());
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        Api.Response refused = server.api()
                .send(
                        "PUT",
                        "/api/v1/fleet-audit/policy",
                        auditor.token(),
                        Map.of("rules", List.of(Map.of("match", "critical", "actions", List.of("notify")))),
                        "application/json");
        assertThat(refused.status()).isEqualTo(403);
        Api.Response unknownCheck = server.api()
                .send(
                        "PUT",
                        "/api/v1/fleet-audit/policy",
                        admin.token(),
                        Map.of("rules", List.of(Map.of("match", "no.such.check", "actions", List.of("notify")))),
                        "application/json");
        assertThat(unknownCheck.status()).isEqualTo(400);
        assertThat(unknownCheck.body()).contains("rules[0].match: no.such.check");
        Api.Response unknownAction = server.api()
                .send(
                        "PUT",
                        "/api/v1/fleet-audit/policy",
                        admin.token(),
                        Map.of("rules", List.of(Map.of("match", "high", "actions", List.of("reboot")))),
                        "application/json");
        assertThat(unknownAction.status()).isEqualTo(400);
        assertThat(unknownAction.body()).contains("rules[0].actions: reboot");
        Api.Response noRules =
                server.api().send("PUT", "/api/v1/fleet-audit/policy", admin.token(), Map.of(), "application/json");
        assertThat(noRules.status()).isEqualTo(400);
        CliRun badRule = CliRun.run(adminCli, "audit-fleet", "policy", "set", "--rule", "critical");
        assertThat(badRule.exitCode()).isEqualTo(2);
    }

    private String secret(String serial) {
        Api.Response added = server.api().post("/api/v1/devices", admin.token(), Map.of("serial", serial));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        return added.json().get("enrollmentSecret").asText();
    }

    private JsonNode device(String serial) {
        Api.Response r = server.api().get("/api/v1/devices/" + serial, admin.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().get("device");
    }

    private List<JsonNode> findings(String check) {
        return findings(null, check);
    }

    private List<JsonNode> findings(String org, String check) {
        Api.Response r = server.api()
                .get(
                        "/api/v1/fleet-audit/findings?check=" + check + (org == null ? "" : "&org=" + org),
                        org == null ? admin.token() : server.adminToken());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        return items;
    }

    /** Posts a report with curl, authenticated by the device's certificate (the device port, TLS client auth). */
    private void post(OpensslEst est, OpensslEst.Enrolled device, byte[] report) throws IOException {
        Path body = Files.write(tmp.resolve(device.serial() + ".report.json"), report);
        Command post = Command.run(
                tmp,
                "curl",
                "-sS",
                "--max-time",
                "10",
                "--cacert",
                est.platformCa().toString(),
                "--cert",
                device.cert().toString(),
                "--key",
                device.key().toString(),
                "-H",
                "Content-Type: application/json",
                "--data-binary",
                "@" + body,
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "https://127.0.0.1:" + server.server().devicePort().orElseThrow() + "/telemetry/v1");
        assertThat(post.out()).as("%s", post).isEqualTo("202");
    }
}

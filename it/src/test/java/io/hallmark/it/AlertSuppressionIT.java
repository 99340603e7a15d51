package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Suppressions of behaviour alerts against a real server, with devices enrolled over EST by openssl and reporting
 * telemetry with curl: a suppressed finding is counted but raises no alert and no quarantine, even when the owner
 * quarantines on violations; once lifted, the same finding alerts and quarantines again. Made, listed and lifted with
 * the CLI; bad requests answered 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertSuppressionIT {
    private TestServer server;
    private Actor ownerAdmin;
    private String ownerId;
    private Map<String, String> cli;
    private OpensslEst est;

    private Path tmp;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.givenServer(Store.H2);
        tmp = Files.createDirectories(server.dataDir().resolve("suppression-it"));
        ownerId = server.givenOrganization("Careful Lamps", "owner");
        ownerAdmin = server.givenUser(ownerId, "admin");
        cli = CliRun.env(server, ownerAdmin.token(), "owner.token");
        est = new OpensslEst(server, tmp);
        assertThat(server.api()
                        .send(
                                "PUT",
                                "/api/v1/organizations/" + ownerId + "/behaviour-policy",
                                ownerAdmin.token(),
                                Map.of("quarantineOnViolation", true),
                                "application/json")
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSuppressedFindingIsCountedButRaisesNothingUntilTheSuppressionIsLifted() throws Exception {
        OpensslEst.Enrolled lamp = enrolled("SUP-LAMP-1");
        CliRun made = CliRun.run(
                cli,
                "alert",
                "suppress",
                "behaviour.listen.telnet",
                "--device",
                "SUP-LAMP-1",
                "--for",
                "PT1H",
                "--reason",
                "lab unit: telnet on for diagnostics",
                "--json");
        assertThat(made.exitCode()).as(made.err()).isZero();
        JsonNode suppression = Api.JSON.readTree(made.out());
        assertThat(suppression.get("scope").asText()).isEqualTo("device");
        assertThat(suppression.get("active").asBoolean()).isTrue();
        String id = suppression.get("id").asText();

        assertThat(report(lamp, 1)).isEqualTo("202");
        assertThat(alerts("SUP-LAMP-1")).as("suppressed: no alert").isEmpty();
        assertThat(state("SUP-LAMP-1")).as("suppressed: no quarantine").isEqualTo("active");
        JsonNode listed = Api.JSON.readTree(
                CliRun.run(cli, "alert", "suppressions", "--json").out());
        JsonNode first = listed.isArray() ? listed.get(0) : listed.get("items").get(0);
        assertThat(first.get("id").asText()).isEqualTo(id);
        assertThat(first.get("suppressed").asLong())
                .as("the finding is counted on the suppression")
                .isEqualTo(1);
        assertThat(server.api().get("/metrics", server.adminToken()).body())
                .contains("hallmark_behaviour_findings_suppressed_total");

        CliRun lifted = CliRun.run(cli, "alert", "lift", id, "--note", "diagnostics over", "--json");
        assertThat(lifted.exitCode()).as(lifted.err()).isZero();
        assertThat(Api.JSON.readTree(lifted.out()).get("active").asBoolean()).isFalse();
        CliRun again = CliRun.run(cli, "alert", "lift", id, "--note", "twice");
        assertThat(again.exitCode())
                .as("a lifted suppression cannot be lifted again")
                .isNotZero();

        assertThat(report(lamp, 2)).isEqualTo("202");
        assertThat(alerts("SUP-LAMP-1")).hasSize(1);
        assertThat(alerts("SUP-LAMP-1").get(0).get("finding").asText()).isEqualTo("behaviour.listen.telnet");
        assertThat(state("SUP-LAMP-1")).isEqualTo("quarantined");

        assertThat(server.api()
                        .get("/api/v1/alert-suppressions", ownerAdmin.token())
                        .json()
                        .get("items"))
                .as("in force only, by default")
                .isEmpty();
        assertThat(server.api()
                        .get("/api/v1/alert-suppressions?all=true", ownerAdmin.token())
                        .json()
                        .get("items")
                        .get(0)
                        .get("liftNote")
                        .asText())
                .isEqualTo("diagnostics over");
        JsonNode audit = server.api()
                .get("/api/v1/audit/entries?action=alert.suppress", ownerAdmin.token())
                .json()
                .get("items");
        assertThat(audit.toString()).contains(id, "lab unit: telnet on for diagnostics");
        assertThat(server.api()
                        .get("/api/v1/audit/entries?action=alert.suppression.lift", ownerAdmin.token())
                        .json()
                        .get("items")
                        .toString())
                .contains(id, "diagnostics over");
    }

    @Test
    void anOrganizationWideSuppressionByPrefixCoversEveryDeviceOfTheOwner() throws Exception {
        OpensslEst.Enrolled lamp = enrolled("SUP-LAMP-2");
        Api.Response made = server.api()
                .post(
                        "/api/v1/alert-suppressions",
                        ownerAdmin.token(),
                        Map.of(
                                "kind",
                                "behaviour.listen.*",
                                "until",
                                Instant.now().plusSeconds(3600).toString(),
                                "reason",
                                "maintenance window"));
        assertThat(made.status()).as("%s", made).isEqualTo(201);
        assertThat(made.json().get("scope").asText()).isEqualTo("organization");
        assertThat(made.json().get("target").asText()).isEqualTo(ownerId);

        assertThat(report(lamp, 1)).isEqualTo("202");
        assertThat(alerts("SUP-LAMP-2")).isEmpty();
        assertThat(state("SUP-LAMP-2")).isEqualTo("active");
        server.api()
                .post(
                        "/api/v1/alert-suppressions/" + made.json().get("id").asText() + "/lift",
                        ownerAdmin.token(),
                        Map.of("note", "window closed"));
    }

    @Test
    void badSuppressionsAreAnswered400() {
        String soon = Instant.now().plusSeconds(60).toString();
        for (Map<String, Object> body : new Map[] {
            Map.of("kind", "not a kind", "until", soon, "reason", "x"),
            Map.of("kind", "behaviour.listen.telnet", "until", "2001-01-01T00:00:00Z", "reason", "x"),
            Map.of("kind", "behaviour.listen.telnet", "until", "2099-01-01T00:00:00Z", "reason", "x"),
            Map.of("kind", "behaviour.listen.telnet", "until", soon, "reason", ""),
            Map.of("kind", "behaviour.listen.telnet", "until", "tomorrow", "reason", "x"),
            Map.of("kind", "behaviour.listen.telnet", "until", soon, "reason", "x", "device", "x", "product", "y")
        }) {
            Api.Response res = server.api().post("/api/v1/alert-suppressions", ownerAdmin.token(), body);
            assertThat(res.status()).as("%s -> %s", body, res).isIn(400, 404);
            assertThat(res.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(server.api()
                        .post(
                                "/api/v1/alert-suppressions/als_00000000000000000000/lift",
                                ownerAdmin.token(),
                                Map.of("note", "x"))
                        .status())
                .isEqualTo(404);
    }

    private OpensslEst.Enrolled enrolled(String serial) {
        Api.Response added = server.api().post("/api/v1/devices", ownerAdmin.token(), Map.of("serial", serial));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        return est.enroll(serial, added.json().get("enrollmentSecret").asText());
    }

    /** Posts a report with telnet listening (always a high finding), answered with the HTTP status. */
    private String report(OpensslEst.Enrolled device, int seq) throws IOException {
        String body = "{\"v\":1,\"dev\":\"" + device.serial() + "\",\"seq\":" + seq + ",\"t\":1795600800,\"dur\":60,"
                + "\"bo\":48213,\"bi\":91377,\"po\":412,\"pi\":530,\"ca\":7,\"ce\":7,\"dst\":[{\"h\":\"hub.example\","
                + "\"p\":443,\"pr\":\"tcp\",\"n\":5}],\"lsn\":[{\"p\":23,\"pr\":\"tcp\"}],\"af\":0,\"cpu\":12,"
                + "\"mem\":48128,\"fw\":\"2.4.1\",\"up\":864213,\"ev\":[]}";
        Path file = Files.writeString(tmp.resolve(device.serial() + "-" + seq + ".json"), body);
        return Command.run(
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
                        "@" + file,
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        est.deviceBase() + "/telemetry/v1")
                .out();
    }

    private JsonNode alerts(String serial) {
        return server.api()
                .get("/api/v1/alerts?device=" + serial, ownerAdmin.token())
                .json()
                .get("items");
    }

    private String state(String serial) {
        return server.api()
                .get("/api/v1/devices/" + serial, ownerAdmin.token())
                .json()
                .get("device")
                .get("state")
                .asText();
    }
}

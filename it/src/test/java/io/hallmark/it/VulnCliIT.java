package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import io.hallmark.testkit.TestVectors;
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
 * Vulnerability exposure end to end through the CLI: releases published with CycloneDX SBOMs, the real OSV records
 * and the CSAF VEX document of the test vectors imported (the designed negatives refused one by one), and the
 * exposure listing the affected releases, the fixed release and what VEX declares fixed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VulnCliIT {
    /** A log4shell record written for this test (the vectors' CSAF document speaks of CVE-2021-44228). */
    private static final String LOG4SHELL = """
            {"id": "GHSA-jfh8-c2jp-5v3q", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2021-44228"],
             "summary": "Remote code injection in Log4j",
             "references": [{"type": "WEB",
               "url": "https://www.cisa.gov/known-exploited-vulnerabilities-catalog"}],
             "affected": [{"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.0-beta9"}, {"fixed": "2.15.0"}]}]}]}""";

    private TestServer server;
    private Map<String, String> admin;
    private Map<String, String> operator;
    private Actor adminActor;
    private Actor ownerAdmin;
    private final Map<String, String> productIds = new java.util.HashMap<>();

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.givenServer(Store.H2);
        String org = server.givenOrganization("Vulnerable Devices", "manufacturer");
        adminActor = server.givenUser(org, "admin");
        ownerAdmin = server.givenUser(server.givenOrganization("Device Owners", "owner"), "admin");
        admin = env(adminActor, "admin");
        operator = env(server.givenUser(org, "operator"), "operator");
        for (String model : List.of("gw-7", "DEF")) {
            CliRun p = CliRun.run(admin, "product", "create", "--model", model, "--name", model, "--json");
            assertThat(p.exitCode()).as(p.err()).isZero();
            productIds.put(model, Api.JSON.readTree(p.out()).get("id").asText());
        }
    }

    private Map<String, String> env(Actor a, String name) throws IOException {
        return CliRun.env(server, a.token(), "vuln-" + name + ".token");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void publish(String model, String version, String... purls) throws IOException {
        Path image = Files.writeString(tmp.resolve(model + "-" + version + ".bin"), model + " firmware " + version);
        List<String> components = new ArrayList<>();
        for (String p : purls) {
            components.add("{\"type\": \"library\", \"name\": \"c\", \"purl\": \"" + p + "\"}");
        }
        Path sbom = Files.writeString(
                tmp.resolve(model + "-" + version + ".cdx.json"),
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": ["
                        + String.join(",", components) + "]}");
        CliRun r = CliRun.run(
                admin,
                "release",
                "publish",
                "--product",
                model,
                "--version",
                version,
                "--image",
                image.toString(),
                "--sbom",
                sbom.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void advisoriesImportedFromTheVectorsShowWhichReleasesAreExposed() throws Exception {
        Path examples = TestVectors.require("osv/examples");
        Path ghsa = TestVectors.require("osv/ghsa-converted");
        Path csaf = TestVectors.require("csaf/2022-evd-uc-01-f-001.json");
        publish(
                "gw-7",
                "1.0.0",
                "pkg:golang/github.com/gin-gonic/gin@v1.5.0",
                "pkg:maven/org.xwiki.commons/xwiki-commons-core@12.6.6",
                "pkg:npm/left-pad@1.0.0");
        publish(
                "gw-7",
                "1.1.0",
                "pkg:golang/github.com/gin-gonic/gin@v1.6.0",
                "pkg:maven/org.xwiki.commons/xwiki-commons-core@12.6.7");
        publish("DEF", "1.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        publish("DEF", "1.0", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");

        // a file that is not JSON at all is a bad request with a message, not a server error
        Path garbage = Files.writeString(tmp.resolve("garbage.json"), "{not json");
        CliRun bad = CliRun.run(admin, "vuln", "import", garbage.toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("400").contains("not well-formed JSON");

        // an operator may read, not import
        CliRun denied = CliRun.run(operator, "vuln", "import", examples.toString());
        assertThat(denied.exitCode()).isNotZero();

        // the folder of examples holds the three designed negatives: refused one by one, the rest imported
        CliRun first = CliRun.run(admin, "vuln", "import", examples.toString());
        assertThat(first.exitCode()).as(first.err()).isEqualTo(1);
        assertThat(first.out())
                .contains("refused: nointroduced-CVE-2023-41045.json (CVE-2023-41045): affected[0].ranges[0].events:"
                        + " no introduced event")
                .contains("refused: nondistinct-CVE-2018-5407.json (CVE-2018-5407)")
                .contains("12 files: 10 imported, 2 refused");
        CliRun second = CliRun.run(admin, "vuln", "import", ghsa.toString());
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        Path log4shell = Files.writeString(tmp.resolve("log4shell.json"), LOG4SHELL);
        assertThat(CliRun.run(admin, "vuln", "import", log4shell.toString()).exitCode())
                .isZero();
        CliRun vex = CliRun.run(admin, "vuln", "import", csaf.toString(), "--json");
        assertThat(vex.exitCode()).as(vex.err()).isZero();
        assertThat(Api.JSON.readTree(vex.out()).get("kind").asText()).isEqualTo("csaf");

        CliRun exposure = CliRun.run(operator, "vuln", "exposure", "--json");
        assertThat(exposure.exitCode()).as(exposure.err()).isZero();
        JsonNode e = Api.JSON.readTree(exposure.out());
        assertThat(e.get("releases").asInt()).isEqualTo(4);
        // the exploited advisory first; DEF 1.1 declared fixed by the VEX document, DEF 1.0 still affected
        JsonNode first0 = e.get("advisories").get(0);
        assertThat(first0.get("id").asText()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
        assertThat(first0.get("exploited").asBoolean()).isTrue();
        assertThat(first0.get("releases")).singleElement().satisfies(r -> {
            assertThat(r.get("product").asText()).isEqualTo("DEF");
            assertThat(r.get("version").asText()).isEqualTo("1.0");
        });
        assertThat(first0.get("vex").toString()).contains("DEF 1.1: fixed");
        JsonNode gin = advisory(e, "GO-2020-0001");
        assertThat(advisory(e, "GHSA-76mp-659p-rw65")
                        .get("releases")
                        .get(0)
                        .get("devices")
                        .asLong())
                .isZero();
        assertThat(gin.get("releases")).singleElement().satisfies(r -> {
            assertThat(r.get("version").asText()).isEqualTo("1.0.0");
            assertThat(r.get("fixedIn").asText()).isEqualTo("1.1.0");
            assertThat(r.get("components").toString()).contains("gin-gonic/gin@v1.5.0");
            assertThat(r.get("devices").asLong())
                    .as("no device has reported yet")
                    .isZero();
        });

        // a device of gw-7, owned by a customer, enrolled over EST with openssl and curl, reports firmware 1.0.0 in
        // its telemetry. The manufacturer does not see a customer's devices; the owner sees its fleet's exposure to
        // the releases of its devices' products, with the advisories it imported itself
        reportFirmware("GW7-0001", "gw-7", "1.0.0");
        JsonNode maker = Api.JSON.readTree(
                CliRun.run(operator, "vuln", "exposure", "--json").out());
        assertThat(advisory(maker, "GO-2020-0001")
                        .get("releases")
                        .get(0)
                        .get("devices")
                        .asLong())
                .isZero();
        Map<String, String> owner = env(ownerAdmin, "owner");
        CliRun ownerImport = CliRun.run(
                owner, "vuln", "import", examples.resolve("GO-2020-0001.json").toString());
        assertThat(ownerImport.exitCode()).as(ownerImport.err()).isZero();
        JsonNode fleet = Api.JSON.readTree(
                CliRun.run(owner, "vuln", "exposure", "--json").out());
        assertThat(fleet.get("advisories")).singleElement().satisfies(a -> {
            assertThat(a.get("id").asText()).isEqualTo("GO-2020-0001");
            assertThat(a.get("releases")).singleElement().satisfies(r -> {
                assertThat(r.get("product").asText()).isEqualTo("gw-7");
                assertThat(r.get("version").asText()).isEqualTo("1.0.0");
                assertThat(r.get("devices").asLong()).isEqualTo(1);
                assertThat(r.get("fixedIn").asText()).isEqualTo("1.1.0");
            });
        });
        assertThat(advisory(e, "GHSA-76mp-659p-rw65").get("releases")).hasSize(1);
        assertThat(e.get("devices").asText()).contains("telemetry");

        // the fleet audit's known-exploited check: DEF 1.0 only (DEF 1.1 is declared fixed by VEX)
        CliRun run = CliRun.run(admin, "audit-fleet", "run");
        assertThat(run.exitCode()).as(run.err()).isZero();
        CliRun findings = CliRun.run(admin, "audit-fleet", "findings", "--check", "release.vulnerability.exploited");
        assertThat(findings.exitCode()).as(findings.err()).isZero();
        assertThat(findings.out())
                .contains("release.vulnerability.exploited", "DEF 1.0")
                .doesNotContain("DEF 1.1");

        CliRun table = CliRun.run(admin, "vuln", "exposure");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("GO-2020-0001", "gw-7", "1.1.0", "VEX: DEF 1.1: fixed");
    }

    /** Adds a device of {@code model}, enrolls it with openssl and curl over EST, and posts one telemetry report. */
    private void reportFirmware(String serial, String model, String firmware) throws IOException {
        Api.Response added = server.api()
                .post(
                        "/api/v1/devices",
                        ownerAdmin.token(),
                        Map.of("serial", serial, "product", productIds.get(model)));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        OpensslEst est = new OpensslEst(server, tmp);
        OpensslEst.Enrolled device =
                est.enroll(serial, added.json().get("enrollmentSecret").asText());
        String report = "{\"v\":1,\"dev\":\"" + serial + "\",\"seq\":1,\"t\":1795000000,\"dur\":60,\"bo\":100,"
                + "\"bi\":100,\"po\":1,\"pi\":1,\"ca\":0,\"ce\":0,\"dst\":[],\"lsn\":["
                + "" + "],\"af\":0,\"cpu\":1,\"mem\":1024,\"fw\":\"" + firmware
                + "\",\"up\":60,\"ev\":[]}";
        assertThat(est.postTelemetry(device, report))
                .as("telemetry of %s", serial)
                .isEqualTo("202");
    }

    private static JsonNode advisory(JsonNode exposure, String id) {
        for (JsonNode a : exposure.get("advisories")) {
            if (a.get("id").asText().equals(id)) {
                return a;
            }
        }
        throw new AssertionError(id + " not in " + exposure);
    }
}

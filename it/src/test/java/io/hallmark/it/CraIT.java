package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cyber Resilience Act reporting and risk scores end to end, through the CLI against a real server: a release
 * published with its CycloneDX SBOM, an OSV advisory of a known exploited vulnerability imported, devices reporting
 * the affected firmware; a case opened from the exposure, its early warning drafted, exported as JSON and PDF (read
 * back with PDFBox, and with pdftotext when installed) and submitted; the deadline events published as the server's
 * clock moves on, each once; and the fleet listed by risk score, worst first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CraIT {
    private static final String LOG4SHELL = """
            {"id": "GHSA-jfh8-c2jp-5v3q", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2021-44228"],
             "summary": "Remote code injection in Log4j",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
             "references": [{"type": "WEB",
               "url": "https://www.cisa.gov/known-exploited-vulnerabilities-catalog"}],
             "affected": [{"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.0-beta9"}, {"fixed": "2.15.0"}]}]}]}""";

    private TestServer server;
    private Actor admin;
    private Map<String, String> adminCli;
    private Map<String, String> auditorCli;
    private Map<String, String> operatorCli;
    private final Map<String, String> productIds = new HashMap<>();
    private HttpsServer receiver;
    private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private String orgId;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        String org = server.givenOrganization("Cra Makers", "manufacturer", "owner");
        orgId = org;
        startReceiver();
        admin = server.givenUser(org, "admin");
        adminCli = env(admin, "admin");
        auditorCli = env(server.givenUser(org, "auditor"), "auditor");
        operatorCli = env(server.givenUser(org, "operator"), "operator");
        CliRun p = CliRun.run(adminCli, "product", "create", "--model", "gw-7", "--name", "Gateway 7", "--json");
        assertThat(p.exitCode()).as(p.err()).isZero();
        productIds.put("gw-7", Api.JSON.readTree(p.out()).get("id").asText());
    }

    /** An HTTPS webhook receiver on this machine, its certificate trusted through {@code trust/webhooks/}. */
    private void startReceiver() throws Exception {
        // valid while the server's clock moves days ahead
        SSLContext tls = WebhookReceiverTls.trustedBy(server, Duration.ofDays(30));
        receiver = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setHttpsConfigurator(new HttpsConfigurator(tls));
        receiver.createContext("/hook", ex -> {
            received.add(Api.JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterAll
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    private Map<String, String> env(Actor a, String name) throws IOException {
        return CliRun.env(server, a.token(), "cra-" + name + ".token");
    }

    private void publish(String model, String version, String purl) throws IOException {
        Path image = Files.writeString(tmp.resolve(model + "-" + version + ".bin"), model + " firmware " + version);
        Path sbom = Files.writeString(
                tmp.resolve(model + "-" + version + ".cdx.json"),
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [{\"type\": \"library\","
                        + " \"name\": \"log4j-core\", \"purl\": \"" + purl + "\"}]}");
        CliRun r = CliRun.run(
                adminCli,
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
    void aCaseIsOpenedFromTheExposureReportedExportedSubmittedAndReminded() throws Exception {
        Api.Response hook = server.api()
                .post(
                        "/api/v1/webhooks",
                        server.adminToken(),
                        Map.of(
                                "org",
                                orgId,
                                "url",
                                "https://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                                "events",
                                List.of("cra."),
                                "allowPrivateNetwork",
                                true));
        assertThat(hook.status()).as("%s", hook).isEqualTo(201);
        // devices report first: their certificates are checked against the real time, so before the clock moves
        // GW7-C1 also listens on telnet: a high behaviour alert in a device incident
        reportFirmware("GW7-C1", "gw-7", "1.0.0", true);
        reportFirmware("GW7-C2", "gw-7", "1.0.0", false);
        reportFirmware("GW7-C3", "gw-7", "1.1.0", false);
        publish("gw-7", "1.0.0", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        server.clock().advance(Duration.ofHours(2));
        publish("gw-7", "1.1.0", "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1");
        Path advisory = Files.writeString(tmp.resolve("log4shell.json"), LOG4SHELL);
        CliRun imported = CliRun.run(adminCli, "vuln", "import", advisory.toString());
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        Api.Response bare = server.api()
                .post("/api/v1/devices", admin.token(), Map.of("serial", "GW7-C4", "product", productIds.get("gw-7")));
        assertThat(bare.status()).as("%s", bare).isEqualTo(201);

        // opened by its CVE alias, from an hour ago; the fix date is the fixing release's publication
        Instant aware = server.clock().instant().minus(Duration.ofHours(1));
        CliRun opened = CliRun.run(
                adminCli,
                "cra",
                "open",
                "--kind",
                "vulnerability",
                "--advisory",
                "CVE-2021-44228",
                "--aware-at",
                aware.toString(),
                "--summary",
                "Log4Shell in the gateway firmware, exploited in the wild",
                "--json");
        assertThat(opened.exitCode()).as(opened.err()).isZero();
        JsonNode c = Api.JSON.readTree(opened.out());
        String id = c.get("id").asText();
        assertThat(c.get("subject").asText()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
        assertThat(c.get("fixAvailableAt").isTextual()).isTrue();
        assertThat(c.get("deadlines").get(0).get("due").asText())
                .isEqualTo(aware.plus(Duration.ofHours(24)).toString());

        CliRun show = CliRun.run(auditorCli, "cra", "show", id);
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("early-warning", "pending", "23h 0m left", "notification", "2d 23h 0m left");

        CliRun report = CliRun.run(auditorCli, "cra", "report", id, "--stage", "early-warning");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out())
                .contains("GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228", "exploited: true", "critical (CVSS 10.0)")
                .contains("affected: gw-7 1.0.0: 2 devices", "devices: 2; countries: unknown")
                .contains("mitigation: release gw-7 1.1.0");

        Path json = tmp.resolve("early.json");
        CliRun exportJson = CliRun.run(
                auditorCli,
                "cra",
                "export",
                id,
                "--stage",
                "early-warning",
                "--format",
                "json",
                "--out",
                json.toString());
        assertThat(exportJson.exitCode()).as(exportJson.err()).isZero();
        JsonNode r = Api.JSON.readTree(Files.readString(json));
        assertThat(r.get("schema").asText()).isEqualTo("hallmark-cra-report/1");
        assertThat(r.get("status").asText()).isEqualTo("draft");
        assertThat(r.get("devices").asLong()).isEqualTo(2);
        assertThat(r.get("countries").asText()).isEqualTo("unknown");
        assertThat(r.get("vulnerability").get("baseScore").asDouble()).isEqualTo(10.0);
        assertThat(r.get("products").get(0).get("version").asText()).isEqualTo("1.0.0");

        Path pdf = tmp.resolve("early.pdf");
        CliRun exportPdf = CliRun.run(
                auditorCli,
                "cra",
                "export",
                id,
                "--stage",
                "early-warning",
                "--format",
                "pdf",
                "--out",
                pdf.toString());
        assertThat(exportPdf.exitCode()).as(exportPdf.err()).isZero();
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("Cyber Resilience Act report: early-warning (draft)")
                    .contains("GHSA-jfh8-c2jp-5v3q")
                    .contains("gw-7 1.0.0: 2 devices")
                    .contains("Countries: unknown");
            assertThat(doc.getDocumentInformation().getTitle()).contains(id);
        }
        if (Command.onPath("pdftotext")) {
            Command t = Command.run(tmp, "pdftotext", pdf.toString(), "-");
            assertThat(t.exitCode()).isZero();
            assertThat(t.out()).contains("GHSA-jfh8-c2jp-5v3q");
        }

        // only a manager submits; once, and the report is kept as it was
        assertThat(CliRun.run(auditorCli, "cra", "submit", id, "--stage", "early-warning")
                        .exitCode())
                .isNotZero();
        CliRun submitted = CliRun.run(adminCli, "cra", "submit", id, "--stage", "early-warning", "--json");
        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        JsonNode early = Api.JSON.readTree(submitted.out()).get("deadlines").get(0);
        assertThat(early.get("status").asText()).isEqualTo("submitted");
        assertThat(Instant.parse(early.get("submittedAt").asText()))
                .isEqualTo(server.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        CliRun again = CliRun.run(adminCli, "cra", "submit", id, "--stage", "early-warning");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("409").contains("already submitted");
        JsonNode kept =
                Api.JSON.readTree(CliRun.run(auditorCli, "cra", "report", id, "--stage", "early-warning", "--json")
                        .out());
        assertThat(kept.get("status").asText()).isEqualTo("submitted");

        // 36 h on (37 h after awareness): half of the notification's 72 h window has passed
        server.clock().advance(Duration.ofHours(36));
        waitForReminders(id, 1);
        // 40 h more (77 h): 90% passed and the deadline missed; the submitted early warning never reminds
        server.clock().advance(Duration.ofHours(40));
        JsonNode reminded = waitForReminders(id, 3);
        List<String> seen = new ArrayList<>();
        reminded.get("reminders")
                .forEach(x -> seen.add(x.get("stage").asText() + " "
                        + x.get("threshold").asInt() + " " + x.get("event").asText()));
        assertThat(seen)
                .containsExactlyInAnyOrder(
                        "notification 50 cra.deadline.approaching",
                        "notification 90 cra.deadline.approaching",
                        "notification 100 cra.deadline.missed");
        assertThat(reminded.get("deadlines").get(1).get("status").asText()).isEqualTo("overdue");
        // published on the events bus (counted by kind), audited, and each once however often the job runs
        String metrics = server.api().get("/metrics", server.adminToken()).body();
        assertThat(metrics).contains("kind=\"cra.deadline.missed\"").contains("kind=\"cra.deadline.approaching\"");
        // and delivered by the organization's webhook, each once
        List<String> delivered = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (delivered.size() < 3 && System.nanoTime() < until) {
            JsonNode m = received.poll(200, TimeUnit.MILLISECONDS);
            if (m != null) {
                delivered.add(m.get("type").asText() + " "
                        + m.get("data").get("subject").asText());
            }
        }
        assertThat(delivered)
                .containsExactlyInAnyOrder(
                        "cra.deadline.approaching " + id,
                        "cra.deadline.approaching " + id,
                        "cra.deadline.missed " + id);
        JsonNode missed = server.api()
                .get("/api/v1/audit/entries?action=cra.deadline.missed", server.adminToken())
                .json()
                .get("items");
        assertThat(missed).hasSize(1);
        server.clock().advance(Duration.ofMinutes(1));
        Thread.sleep(2500);
        assertThat(server.api()
                        .get("/api/v1/cra/cases/" + id, admin.token())
                        .json()
                        .get("reminders"))
                .hasSize(3);
        assertThat(received).as("no event twice").isEmpty();
        CliRun shown = CliRun.run(auditorCli, "cra", "show", id);
        assertThat(shown.out()).contains("overdue by 5h 1m", "reminder: cra.deadline.missed notification at 100%");

        // the fleet by risk: the two devices on the exploited release first (exploited 30 + no attestation 5)
        CliRun risk = CliRun.run(auditorCli, "risk", "list", "--json");
        assertThat(risk.exitCode()).as(risk.err()).isZero();
        JsonNode items = Api.JSON.readTree(risk.out()).get("items");
        assertThat(items).hasSize(4);
        // GW7-C1: exploited 30 + the telnet alert (high, 10) + no attestation 5; GW7-C2: 30 + 5
        assertThat(items.get(0).get("serial").asText()).isEqualTo("GW7-C1");
        assertThat(items.get(0).get("score").asInt()).isGreaterThanOrEqualTo(45);
        assertThat(items.get(0).get("factors").toString()).contains("\"alerts\"", "\"exposure\"");
        assertThat(items.get(1).get("serial").asText()).isEqualTo("GW7-C2");
        assertThat(items.get(1).get("score").asInt()).isEqualTo(35);
        assertThat(items.get(1).get("factors").get(0).get("factor").asText()).isEqualTo("exposure");
        assertThat(items.get(2).get("score").asInt()).isEqualTo(5);
        assertThat(items.get(3).get("score").asInt()).isEqualTo(5);
        CliRun firstPage = CliRun.run(auditorCli, "risk", "list", "--limit", "1");
        assertThat(firstPage.exitCode()).as(firstPage.err()).isZero();
        assertThat(firstPage.out()).contains("GW7-C1", "exposure +30", "alerts +", "more: --cursor ");
        CliRun all = CliRun.run(auditorCli, "risk", "list", "--limit", "1", "--all", "--json");
        assertThat(Api.JSON.readTree(all.out()).get("items")).hasSize(4);
        assertThat(CliRun.run(operatorCli, "cra", "list").exitCode())
                .as("operators hold no cra-read")
                .isNotZero();

        // another organization sees neither the case nor the fleet's scores
        Actor stranger = server.givenUser(server.givenOrganization("Elsewhere", "manufacturer"), "admin");
        assertThat(server.api().get("/api/v1/cra/cases/" + id, stranger.token()).status())
                .isEqualTo(403);
        assertThat(server.api()
                        .get("/api/v1/cra/cases/" + id + "/reports/early-warning/pdf", stranger.token())
                        .status())
                .isEqualTo(403);
        assertThat(server.api()
                        .get("/api/v1/risk/devices?org=" + orgId, stranger.token())
                        .status())
                .isEqualTo(403);
        assertThat(server.api()
                        .get("/api/v1/risk/devices", stranger.token())
                        .json()
                        .get("items"))
                .isEmpty();

        // a fix recorded later moves the final report's deadline to 14 days after it
        Instant fixedAt = server.clock().instant().minus(Duration.ofHours(3));
        CliRun fix = CliRun.run(adminCli, "cra", "fix", id, "--at", fixedAt.toString(), "--json");
        assertThat(fix.exitCode()).as(fix.err()).isZero();
        assertThat(Api.JSON
                        .readTree(fix.out())
                        .get("deadlines")
                        .get(2)
                        .get("due")
                        .asText())
                .isEqualTo(fixedAt.plus(Duration.ofDays(14)).toString());

        CliRun closed = CliRun.run(adminCli, "cra", "close", id, "--note", "final report filed by hand");
        assertThat(closed.exitCode()).as(closed.err()).isZero();
        assertThat(closed.out()).contains("closed at");
        CliRun list = CliRun.run(auditorCli, "cra", "list");
        assertThat(list.out()).contains(id, "closed");

        // a case opened from the behaviour incident of GW7-C1; its report counts the incident's devices by product
        String incident = null;
        for (JsonNode i :
                server.api().get("/api/v1/incidents", admin.token()).json().get("items")) {
            if (i.get("kind").asText().equals("device")) {
                incident = i.get("id").asText();
            }
        }
        assertThat(incident).as("the telnet listener opened a device incident").isNotNull();
        CliRun fromIncident = CliRun.run(
                adminCli,
                "cra",
                "open",
                "--kind",
                "incident",
                "--incident",
                incident,
                "--aware-at",
                server.clock().instant().toString(),
                "--summary",
                "A gateway listens on telnet",
                "--json");
        assertThat(fromIncident.exitCode()).as(fromIncident.err()).isZero();
        String incidentCase = Api.JSON.readTree(fromIncident.out()).get("id").asText();
        JsonNode notification = Api.JSON.readTree(
                CliRun.run(auditorCli, "cra", "report", incidentCase, "--stage", "notification", "--json")
                        .out());
        assertThat(notification.get("kind").asText()).isEqualTo("incident");
        assertThat(notification.get("incident").get("id").asText()).isEqualTo(incident);
        assertThat(notification.get("requirements").asText()).contains("Art. 14(4)(b)");
        assertThat(notification.get("products").get(0).get("product").asText()).isEqualTo("gw-7");
        assertThat(notification.get("devices").asLong()).isEqualTo(1);
        assertThat(notification.get("countries").asText()).isEqualTo("unknown");
        CliRun incidentFix = CliRun.run(
                adminCli,
                "cra",
                "fix",
                incidentCase,
                "--at",
                server.clock().instant().toString());
        assertThat(incidentFix.exitCode()).isNotZero();
        assertThat(incidentFix.err()).contains("400", "expected: a vulnerability case");
    }

    @Test
    void badInputIsRefusedWithAProblemMessage() throws Exception {
        String token = admin.token();
        Instant now = server.clock().instant();
        Api.Response future = server.api()
                .post(
                        "/api/v1/cra/cases",
                        token,
                        Map.of(
                                "kind", "vulnerability",
                                "advisory", "CVE-2021-44228",
                                "awareAt", now.plus(Duration.ofDays(1)).toString(),
                                "summary", "x"));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.body()).contains("awareAt").contains("not in the future");
        Api.Response kind = server.api()
                .post("/api/v1/cra/cases", token, Map.of("kind", "rumour", "awareAt", now.toString(), "summary", "x"));
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.body()).contains("vulnerability or incident");
        Api.Response unknown = server.api()
                .post(
                        "/api/v1/cra/cases",
                        token,
                        Map.of(
                                "kind",
                                "vulnerability",
                                "advisory",
                                "CVE-1999-0001",
                                "awareAt",
                                now.toString(),
                                "summary",
                                "x"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("affects no published release");
        Api.Response incident = server.api()
                .post(
                        "/api/v1/cra/cases",
                        token,
                        Map.of(
                                "kind",
                                "incident",
                                "incident",
                                "inc_00000000000000000000",
                                "awareAt",
                                now.toString(),
                                "summary",
                                "x"));
        assertThat(incident.status()).isEqualTo(400);
        assertThat(incident.body()).contains("behaviour incident");
        Api.Response badTime = server.api()
                .send(
                        "POST",
                        "/api/v1/cra/cases",
                        token,
                        "{\"kind\": \"incident\", \"awareAt\": \"yesterday\"}",
                        "application/json");
        assertThat(badTime.status()).isEqualTo(400);
        Api.Response stage = server.api().get("/api/v1/cra/cases/cra_00000000000000000000/reports/initial", token);
        assertThat(stage.status()).isEqualTo(400);
        assertThat(stage.body()).contains("early-warning, notification or final");
        Api.Response missing = server.api().get("/api/v1/cra/cases/cra_00000000000000000000", token);
        assertThat(missing.status()).isEqualTo(404);
        Api.Response cursor = server.api().get("/api/v1/risk/devices?cursor=nonsense", token);
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.body()).contains("cursor");
        CliRun cliTime = CliRun.run(
                adminCli,
                "cra",
                "open",
                "--kind",
                "incident",
                "--incident",
                "inc_1",
                "--aware-at",
                "noon",
                "--summary",
                "x");
        assertThat(cliTime.exitCode()).isNotZero();
        assertThat(cliTime.err()).contains("--aware-at: noon");
    }

    private JsonNode waitForReminders(String id, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode c = null;
        while (System.nanoTime() < deadline) {
            c = server.api().get("/api/v1/cra/cases/" + id, admin.token()).json();
            if (c.get("reminders").size() >= count) {
                return c;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " reminders within 20 s: " + c);
    }

    /** Adds a device of {@code model}, enrolls it with openssl and curl over EST, and posts one telemetry report. */
    private void reportFirmware(String serial, String model, String firmware, boolean telnet) throws IOException {
        Api.Response added = server.api()
                .post("/api/v1/devices", admin.token(), Map.of("serial", serial, "product", productIds.get(model)));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        OpensslEst est = new OpensslEst(server, tmp);
        OpensslEst.Enrolled device =
                est.enroll(serial, added.json().get("enrollmentSecret").asText());
        String report = "{\"v\":1,\"dev\":\"" + serial + "\",\"seq\":1,\"t\":1795000000,\"dur\":60,\"bo\":100,"
                + "\"bi\":100,\"po\":1,\"pi\":1,\"ca\":0,\"ce\":0,\"dst\":[],\"lsn\":["
                + (telnet ? "{\"p\":23,\"pr\":\"tcp\"}" : "") + "],\"af\":0,\"cpu\":1,\"mem\":1024,\"fw\":\"" + firmware
                + "\",\"up\":60,\"ev\":[]}";
        assertThat(est.postTelemetry(device, report))
                .as("telemetry of %s", serial)
                .isEqualTo("202");
    }
}

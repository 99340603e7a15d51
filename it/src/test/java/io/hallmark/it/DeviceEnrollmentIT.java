package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device identity with clients no one here wrote: openssl makes the keys and CSRs, curl speaks EST (RFC 7030) to the
 * device port, openssl verifies the chains and shows that a quarantined device's certificate is refused at the TLS
 * handshake. These are the commands {@code docs/identity.md} gives device makers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceEnrollmentIT {
    private TestServer server;
    private Actor ownerAdmin;
    private Actor makerAdmin;
    private String ownerId;
    private Path platformCa;
    private String deviceBase;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        server = TestServer.givenServer(Store.H2);
        ownerId = server.givenOrganization("Northwind Facilities", "owner");
        String maker = server.givenOrganization("Acme Devices", "manufacturer");
        ownerAdmin = server.givenUser(ownerId, "admin");
        makerAdmin = server.givenUser(maker, "admin");
        platformCa = server.dataDir().resolve("trust/platform-ca.pem");
        deviceBase = "https://127.0.0.1:" + server.server().devicePort().orElseThrow();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void deviceEnrollsWithOneTimeSecretThenReenrollsOverMutualTls() throws IOException {
        String secret = givenDevice("SN-1001");
        Path key = key("sn1001");
        Path csr = csr(key, "/serialNumber=SN-1001/CN=SN-1001");

        Command enroll = curlEnroll("simpleenroll", csr, "--user", "SN-1001:" + secret);
        assertThat(enroll.out()).as("%s", enroll).endsWith("200");
        Path cert = certsFromPkcs7(tmp.resolve("simpleenroll.b64"), "sn1001.pem");

        Command cacerts = Command.run(
                tmp,
                "curl",
                "-sS",
                "--max-time",
                "10",
                "--cacert",
                platformCa.toString(),
                "-o",
                tmp.resolve("cacerts.b64").toString(),
                "-w",
                "%{http_code}",
                deviceBase + "/.well-known/est/" + ownerId + "/cacerts");
        assertThat(cacerts.out()).as("%s", cacerts).isEqualTo("200");
        Path chain = certsFromPkcs7(tmp.resolve("cacerts.b64"), "chain.pem");
        Command verify = Command.run(tmp, "openssl", "verify", "-CAfile", chain.toString(), cert.toString());
        assertThat(verify.exitCode()).as("%s", verify).isZero();
        assertThat(verify.out()).contains(": OK");
        assertThat(device("SN-1001").get("device").get("state").asText()).isEqualTo("active");

        Command reuse = curlEnroll(
                "simpleenroll",
                csr,
                "--user",
                "SN-1001:" + secret,
                "-D",
                tmp.resolve("h401").toString());
        assertThat(reuse.out()).as("a used secret").endsWith("401");
        assertThat(Files.readString(tmp.resolve("h401"))).containsIgnoringCase("WWW-Authenticate: Basic");

        Path key2 = key("sn1001b");
        Path csr2 = csr(key2, "/serialNumber=SN-1001/CN=SN-1001");
        Command renew = curlEnroll("simplereenroll", csr2, "--cert", cert.toString(), "--key", key.toString());
        assertThat(renew.out()).as("%s", renew).endsWith("200");
        Path renewed = certsFromPkcs7(tmp.resolve("simplereenroll.b64"), "sn1001-renewed.pem");
        assertThat(Command.run(tmp, "openssl", "verify", "-CAfile", chain.toString(), renewed.toString())
                        .exitCode())
                .isZero();
        assertThat(device("SN-1001").get("certificates")).hasSize(2);
    }

    @Test
    void quarantinedDeviceIsRefusedAtTheHandshakeUntilReleased() throws IOException {
        String secret = givenDevice("SN-2002");
        Path key = key("sn2002");
        Path csr = csr(key, "/serialNumber=SN-2002");
        assertThat(curlEnroll("simpleenroll", csr, "--user", "SN-2002:" + secret)
                        .out())
                .endsWith("200");
        Path cert = certsFromPkcs7(tmp.resolve("simpleenroll.b64"), "sn2002.pem");
        assertThat(handshake(cert, key).exitCode()).as("before quarantine").isZero();

        Api.Response q = server.api()
                .post("/api/v1/devices/SN-2002/quarantine", ownerAdmin.token(), Map.of("reason", "beaconing"));
        assertThat(q.status()).as("%s", q).isEqualTo(200);
        assertThat(q.json().get("state").asText()).isEqualTo("quarantined");

        Command refused = handshake(cert, key);
        assertThat(refused.exitCode()).as("%s", refused).isNotZero();
        assertThat(refused.out() + refused.err()).containsIgnoringCase("alert");
        Command renew = curlEnroll("simplereenroll", csr, "--cert", cert.toString(), "--key", key.toString());
        assertThat(renew.out()).as("%s", renew).doesNotEndWith("200");
        assertThat(device("SN-2002").get("certificates").get(0).get("status").asText())
                .isEqualTo("held");

        server.api().post("/api/v1/devices/SN-2002/release", ownerAdmin.token(), Map.of("reason", "cleaned"));
        assertThat(handshake(cert, key).exitCode()).as("after release").isZero();

        server.api().post("/api/v1/devices/SN-2002/decommission", ownerAdmin.token(), Map.of("reason", "end of life"));
        assertThat(handshake(cert, key).exitCode()).as("after decommission").isNotZero();
        JsonNode detail = device("SN-2002");
        assertThat(detail.get("device").get("state").asText()).isEqualTo("decommissioned");
        assertThat(detail.get("certificates").get(0).get("status").asText()).isEqualTo("revoked");
        assertThat(detail.get("certificates").get(0).get("reason").asText()).isEqualTo("cessationOfOperation");
    }

    @Test
    void approvalPolicyAnswers202UntilAnOperatorApproves() throws IOException {
        String owner = server.givenOrganization("Careful Owners", "owner");
        Actor admin = server.givenUser(owner, "admin");
        assertThat(server.api()
                        .send(
                                "PUT",
                                "/api/v1/organizations/" + owner + "/enrollment-policy",
                                admin.token(),
                                Map.of("activation", "approval"),
                                "application/json")
                        .status())
                .isEqualTo(200);
        Api.Response added =
                server.api().post("/api/v1/devices", admin.token(), Map.of("org", owner, "serial", "SN-3003"));
        String secret = added.json().get("enrollmentSecret").asText();
        Path csr = csr(key("sn3003"), "/serialNumber=SN-3003");

        Command pending = Command.run(
                tmp,
                "curl",
                "-sS",
                "-i",
                "--max-time",
                "10",
                "--cacert",
                platformCa.toString(),
                "--user",
                "SN-3003:" + secret,
                "-H",
                "Content-Type: application/pkcs10",
                "--data-binary",
                "@" + csr,
                deviceBase + "/.well-known/est/simpleenroll");
        assertThat(pending.out()).as("%s", pending).startsWith("HTTP/1.1 202").containsIgnoringCase("Retry-After: 30");

        Api.Response approve =
                server.api().post("/api/v1/devices/SN-3003/approve", admin.token(), Map.of("reason", "known"));
        assertThat(approve.status()).as("%s", approve).isEqualTo(200);
        assertThat(curlEnroll("simpleenroll", csr, "--user", "SN-3003:" + secret)
                        .out())
                .endsWith("200");
        assertThat(server.api()
                        .get("/api/v1/devices/SN-3003", admin.token())
                        .json()
                        .get("device")
                        .get("state")
                        .asText())
                .isEqualTo("active");
    }

    @Test
    void factoryIssuesBirthCertificateFromAnOpensslCsr() throws IOException {
        ReleaseFixtures.product(server.api(), makerAdmin.token(), "cam-200", "Outdoor Camera 200");
        Path csr = Files.writeString(
                tmp.resolve("factory.csr.pem"),
                Command.run(
                                tmp,
                                "openssl",
                                "req",
                                "-new",
                                "-key",
                                key("factory").toString(),
                                "-subj",
                                "/serialNumber=ACME-0001")
                        .out(),
                StandardCharsets.US_ASCII);
        Api.Response issued = server.api()
                .post(
                        "/api/v1/factory/issue",
                        makerAdmin.token(),
                        Map.of(
                                "product",
                                "cam-200",
                                "requests",
                                java.util.List.of(Map.of("csr", Files.readString(csr)))));
        assertThat(issued.status()).as("%s", issued).isEqualTo(201);
        Path cert = Files.writeString(
                tmp.resolve("idevid.pem"),
                issued.json().get("devices").get(0).get("certificate").asText());
        Path chain = Files.writeString(
                tmp.resolve("idevid-chain.pem"), issued.json().get("chain").asText());
        Command verify = Command.run(tmp, "openssl", "verify", "-CAfile", chain.toString(), cert.toString());
        assertThat(verify.exitCode()).as("%s", verify).isZero();
        Command text = Command.run(tmp, "openssl", "x509", "-in", cert.toString(), "-noout", "-text");
        assertThat(text.out())
                .contains("serialNumber = ACME-0001", "1.3.6.1.5.5.7.8.4", "1.3.6.1.5.5.7.1.32", "OCSP - URI:");
        assertThat(issued.json()
                        .get("devices")
                        .get(0)
                        .get("device")
                        .get("state")
                        .asText())
                .isEqualTo("manufactured");

        // a birth certificate alone does not enroll: the device has no owner yet
        Command enroll = curlEnroll(
                "simpleenroll",
                csr(key("factory"), "/serialNumber=ACME-0001"),
                "--cert",
                cert.toString(),
                "--key",
                tmp.resolve("factory.key").toString());
        assertThat(enroll.out()).as("%s", enroll).endsWith("403");
    }

    @Test
    void csrForAnotherDeviceIsRefusedAndChangesNothing() throws IOException {
        String secret = givenDevice("SN-4004");
        Path csr = csr(key("sn4004"), "/serialNumber=SN-9999");
        Command enroll = curlEnroll("simpleenroll", csr, "--user", "SN-4004:" + secret);
        assertThat(enroll.out()).endsWith("400");
        assertThat(Files.readString(tmp.resolve("simpleenroll.b64"))).contains("must name this device");
        assertThat(device("SN-4004").get("device").get("state").asText()).isEqualTo("owned");
        Command garbage = Command.run(
                tmp,
                "curl",
                "-sS",
                "--max-time",
                "10",
                "--cacert",
                platformCa.toString(),
                "--user",
                "SN-4004:" + secret,
                "-H",
                "Content-Type: application/pkcs10",
                "--data-binary",
                "bm90IGEgY3Ny",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                deviceBase + "/.well-known/est/simpleenroll");
        assertThat(garbage.out()).isEqualTo("400");
    }

    @Test
    void ocspAndCrlFollowQuarantineReleaseAndDecommission() throws IOException {
        String secret = givenDevice("SN-5005");
        Path key = key("sn5005");
        assertThat(curlEnroll("simpleenroll", csr(key, "/serialNumber=SN-5005"), "--user", "SN-5005:" + secret)
                        .out())
                .endsWith("200");
        Path cert = certsFromPkcs7(tmp.resolve("simpleenroll.b64"), "sn5005.pem");
        Command cacerts = Command.run(
                tmp,
                "curl",
                "-sS",
                "--max-time",
                "10",
                "--cacert",
                platformCa.toString(),
                "-o",
                tmp.resolve("cacerts5.b64").toString(),
                deviceBase + "/.well-known/est/" + ownerId + "/cacerts");
        assertThat(cacerts.exitCode()).isZero();
        Path chain = certsFromPkcs7(tmp.resolve("cacerts5.b64"), "chain5.pem");
        Path issuer = Files.writeString(
                tmp.resolve("issuer5.pem"),
                Files.readString(chain)
                        .substring(0, Files.readString(chain).indexOf("-----END CERTIFICATE-----") + 26));

        assertThat(ocsp(issuer, chain, cert)).contains(": good");
        server.api().post("/api/v1/devices/SN-5005/quarantine", ownerAdmin.token(), Map.of("reason", "scan"));
        assertThat(ocsp(issuer, chain, cert)).contains(": revoked", "certificateHold");
        server.api().post("/api/v1/devices/SN-5005/release", ownerAdmin.token(), Map.of("reason", "clean"));
        assertThat(ocsp(issuer, chain, cert)).contains(": good");
        server.api().post("/api/v1/devices/SN-5005/decommission", ownerAdmin.token(), Map.of("reason", "scrapped"));
        assertThat(ocsp(issuer, chain, cert)).contains(": revoked", "cessationOfOperation");

        String crlUrl = Command.run(
                        tmp, "openssl", "x509", "-in", cert.toString(), "-noout", "-ext", "crlDistributionPoints")
                .out()
                .lines()
                .filter(l -> l.contains("URI:"))
                .map(l -> l.substring(l.indexOf("URI:") + 4).strip())
                .findFirst()
                .orElseThrow();
        String path = crlUrl.substring(crlUrl.indexOf("/crl/"));
        Path crl = tmp.resolve("owner.crl");
        Command fetch = Command.run(tmp, "curl", "-sS", "--max-time", "10", "-o", crl.toString(), pkiBase() + path);
        assertThat(fetch.exitCode()).as("%s", fetch).isZero();
        Command read = Command.run(
                tmp,
                "openssl",
                "crl",
                "-inform",
                "DER",
                "-in",
                crl.toString(),
                "-CAfile",
                chain.toString(),
                "-noout",
                "-text");
        assertThat(read.out() + read.err()).contains("verify OK", "Cessation Of Operation");
        Command verify = Command.run(
                tmp,
                "openssl",
                "verify",
                "-crl_check",
                "-CAfile",
                chain.toString(),
                "-CRLfile",
                crl.toString(),
                "-inform",
                "PEM",
                cert.toString());
        assertThat(verify.exitCode()).as("%s", verify).isNotZero();
    }

    @Test
    void aDeviceThatCannotMakeKeysGetsAServerMadeKeyWithItsCertificate() throws IOException {
        String secret = givenDevice("SN-6006");
        Path csr = csr(key("sn6006-temp"), "/serialNumber=SN-6006");
        Path answer = tmp.resolve("serverkeygen.multipart");
        Command call = Command.run(
                tmp,
                "curl",
                "-sS",
                "--max-time",
                "10",
                "--cacert",
                platformCa.toString(),
                "--user",
                "SN-6006:" + secret,
                "-H",
                "Content-Type: application/pkcs10",
                "--data-binary",
                "@" + csr,
                "-D",
                tmp.resolve("serverkeygen.headers").toString(),
                "-o",
                answer.toString(),
                "-w",
                "%{http_code}",
                deviceBase + "/.well-known/est/serverkeygen");
        assertThat(call.out()).as("%s", call).isEqualTo("200");
        String headers = Files.readString(tmp.resolve("serverkeygen.headers"));
        assertThat(headers).containsIgnoringCase("Content-Type: multipart/mixed; boundary=");
        String boundary = headers.lines()
                .filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-type: multipart/mixed"))
                .map(l -> l.substring(l.indexOf("boundary=") + 9).strip())
                .findFirst()
                .orElseThrow();
        String[] parts = Files.readString(answer).split("--" + java.util.regex.Pattern.quote(boundary));
        assertThat(parts[1]).contains("Content-Type: application/pkcs8");
        assertThat(parts[2]).contains("Content-Type: application/pkcs7-mime; smime-type=certs-only");
        Path keyDer = tmp.resolve("made.key.der");
        Files.write(keyDer, java.util.Base64.getMimeDecoder().decode(body(parts[1])));
        Path p7 = tmp.resolve("made.p7.b64");
        Files.writeString(p7, body(parts[2]));
        Path cert = certsFromPkcs7(p7, "made.pem");

        Command keyPub = Command.run(tmp, "openssl", "pkey", "-inform", "DER", "-in", keyDer.toString(), "-pubout");
        Command certPub = Command.run(tmp, "openssl", "x509", "-in", cert.toString(), "-noout", "-pubkey");
        assertThat(keyPub.exitCode()).as("%s", keyPub).isZero();
        assertThat(keyPub.out()).isEqualTo(certPub.out());
        assertThat(device("SN-6006").get("device").get("state").asText()).isEqualTo("active");
    }

    /** The body of one MIME part: what follows the blank line after its headers. */
    private static String body(String part) {
        int blank = part.indexOf("\r\n\r\n");
        return part.substring(blank + 4).strip();
    }

    @Test
    void anExpiredSecretAndAnUnknownSerialAreRefusedAndAudited() throws IOException {
        String secret = givenDevice("SN-7007");
        Path csr = csr(key("sn7007"), "/serialNumber=SN-7007");
        assertThat(curlEnroll("simpleenroll", csr, "--user", "SN-0000:" + secret)
                        .out())
                .as("unknown serial")
                .endsWith("401");
        server.clock().advance(java.time.Duration.ofDays(8));
        try {
            assertThat(curlEnroll("simpleenroll", csr, "--user", "SN-7007:" + secret)
                            .out())
                    .as("expired secret")
                    .endsWith("401");
        } finally {
            server.clock().advance(java.time.Duration.ofDays(-8));
        }
        assertThat(device("SN-7007").get("device").get("state").asText()).isEqualTo("owned");
        String denials = server.api()
                .get("/api/v1/audit/entries?action=est.enroll&outcome=denied&limit=20", server.adminToken())
                .body();
        assertThat(denials).contains("no device SN-0000 with this secret", "expired");
    }

    @Test
    void aTransferRevokesTheOwnersCertificatesAndHandsTheDeviceBackToItsManufacturer() throws IOException {
        Api.Response product =
                server.api().post("/api/v1/products", makerAdmin.token(), Map.of("model", "relay-9", "name", "Relay"));
        assertThat(product.status()).isEqualTo(201);
        Path key = key("relay");
        Api.Response issued = server.api()
                .post(
                        "/api/v1/factory/issue",
                        makerAdmin.token(),
                        Map.of(
                                "product",
                                "relay-9",
                                "requests",
                                java.util.List.of(Map.of(
                                        "csr",
                                        Command.run(
                                                        tmp,
                                                        "openssl",
                                                        "req",
                                                        "-new",
                                                        "-key",
                                                        key.toString(),
                                                        "-subj",
                                                        "/serialNumber=RELAY-1")
                                                .out()))));
        assertThat(issued.status()).as("%s", issued).isEqualTo(201);
        Path idevid = Files.writeString(
                tmp.resolve("relay-idevid.pem"),
                issued.json().get("devices").get(0).get("certificate").asText());
        assertThat(server.api()
                        .post("/api/v1/vouchers", makerAdmin.token(), Map.of("serial", "RELAY-1", "owner", ownerId))
                        .status())
                .isEqualTo(201);
        Command enroll = curlEnroll(
                "simpleenroll",
                csr(key, "/serialNumber=RELAY-1"),
                "--cert",
                idevid.toString(),
                "--key",
                key.toString());
        assertThat(enroll.out()).as("%s", enroll).endsWith("200");

        Api.Response transfer =
                server.api().post("/api/v1/devices/RELAY-1/transfer", ownerAdmin.token(), Map.of("reason", "sold on"));
        assertThat(transfer.status()).as("%s", transfer).isEqualTo(200);
        assertThat(transfer.json().get("state").asText()).isEqualTo("manufactured");
        assertThat(server.api()
                        .get("/api/v1/devices/RELAY-1", ownerAdmin.token())
                        .status())
                .as("the old owner keeps no access")
                .isEqualTo(404);
        JsonNode atMaker =
                server.api().get("/api/v1/devices/RELAY-1", makerAdmin.token()).json();
        JsonNode ldevid = null;
        for (JsonNode c : atMaker.get("certificates")) {
            if (c.get("purpose").asText().equals("ldevid")) {
                ldevid = c;
            } else {
                assertThat(c.get("status").asText())
                        .as("the birth certificate stays good")
                        .isEqualTo("good");
            }
        }
        assertThat(ldevid).isNotNull();
        assertThat(ldevid.get("status").asText()).isEqualTo("revoked");
        assertThat(ldevid.get("reason").asText()).isEqualTo("affiliationChanged");
        assertThat(server.api()
                        .post("/api/v1/vouchers", makerAdmin.token(), Map.of("serial", "RELAY-1", "owner", ownerId))
                        .status())
                .as("the manufacturer may sell it again")
                .isEqualTo(201);
    }

    @Test
    void keyUseIsAuditedAsATallyPerKeyNotOneEntryPerSignature() throws IOException {
        server.api().post("/api/v1/products", makerAdmin.token(), Map.of("model", "tally-1", "name", "Tally"));
        java.util.List<Map<String, String>> requests = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(Map.of(
                    "csr",
                    Command.run(
                                    tmp,
                                    "openssl",
                                    "req",
                                    "-new",
                                    "-key",
                                    key("tally" + i).toString(),
                                    "-subj",
                                    "/serialNumber=TALLY-" + i)
                            .out()));
        }
        Api.Response issued = server.api()
                .post("/api/v1/factory/issue", makerAdmin.token(), Map.of("product", "tally-1", "requests", requests));
        assertThat(issued.status()).as("%s", issued).isEqualTo(201);
        ((io.hallmark.server.vault.AuditedKeyVault) server.server().vault()).flushSignatures();

        JsonNode entries = server.api()
                .get("/api/v1/audit/entries?action=vault.key.sign&limit=100", server.adminToken())
                .json()
                .get("items");
        long signatures = 0;
        int tallies = 0;
        for (JsonNode e : entries) {
            if (e.get("target").asText().endsWith(".idevid-ca")) {
                tallies++;
                signatures += Long.parseLong(e.get("reason").asText().split(" ")[0]);
            }
        }
        assertThat(signatures).as("every signature counted").isGreaterThanOrEqualTo(5);
        assertThat(tallies).as("tallied, not one entry each").isLessThan(5);
        assertThat(server.api()
                        .get("/api/v1/audit/entries?action=factory.issue&limit=100", server.adminToken())
                        .json()
                        .get("items")
                        .size())
                .as("each issuance has its own entry")
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void anActiveDeviceReportsTelemetryOverMutualTlsAndDuplicatesAndSpoofsAreRefused() throws IOException {
        String secret = givenDevice("SN-8008");
        Path key = key("sn8008");
        assertThat(curlEnroll("simpleenroll", csr(key, "/serialNumber=SN-8008"), "--user", "SN-8008:" + secret)
                        .out())
                .endsWith("200");
        Path cert = certsFromPkcs7(tmp.resolve("simpleenroll.b64"), "sn8008.pem");
        String report = "{\"v\":1,\"dev\":\"SN-8008\",\"seq\":7,\"t\":1795000000,\"dur\":60,\"bo\":52000,\"bi\":9100,"
                + "\"po\":180,\"pi\":140,\"ca\":3,\"ce\":3,\"dst\":[{\"h\":\"api.example.com\",\"p\":443,\"pr\":\"tcp\",\"n\":3}],"
                + "\"lsn\":[{\"p\":443,\"pr\":\"tcp\"}],\"af\":0,\"cpu\":12,\"mem\":20480,\"fw\":\"1.4.2\",\"up\":86400,\"ev\":[]}";
        Path body = Files.writeString(tmp.resolve("report.json"), report);
        Path spoof = Files.writeString(tmp.resolve("spoof.json"), report.replace("SN-8008", "SN-9999"));

        assertThat(postTelemetry(cert, key, body)).isEqualTo("202");
        assertThat(postTelemetry(cert, key, body)).as("the same seq again").isEqualTo("409");
        assertThat(postTelemetry(cert, key, spoof))
                .as("a report naming another device")
                .isEqualTo("400");
        Api.Response latest = server.api().get("/api/v1/devices/SN-8008/telemetry", ownerAdmin.token());
        assertThat(latest.status()).as("%s", latest).isEqualTo(200);
        assertThat(latest.json().get("report").get("seq").asLong()).isEqualTo(7);
        assertThat(latest.json().get("report").get("dst").get(0).get("h").asText())
                .isEqualTo("api.example.com");
        assertThat(latest.json().get("violations"))
                .as("no MUD file, nothing judged")
                .isEmpty();
        assertThat(server.api().get("/metrics", server.adminToken()).body())
                .contains("hallmark_telemetry_reports_total{outcome=\"accepted\"}")
                .contains("outcome=\"duplicate\"")
                // through the same sharded ingestion queues as MQTT, counted by transport
                .containsPattern("hallmark_telemetry_dropped_total\\{reason=\"duplicate\",transport=\"https\"} [1-9]")
                .containsPattern("hallmark_telemetry_dropped_total\\{reason=\"spoofed\",transport=\"https\"} [1-9]")
                .contains("hallmark_telemetry_queue_depth");

        // a device that keeps sending refused reports is flagged: ten within a minute make an alert
        assertThat(server.api()
                        .get("/api/v1/alerts?device=SN-8008", ownerAdmin.token())
                        .json()
                        .get("items"))
                .isEmpty();
        for (int i = 0; i < 8; i++) {
            assertThat(postTelemetry(cert, key, spoof)).isEqualTo("400");
        }
        JsonNode alerts = server.api()
                .get("/api/v1/alerts?device=SN-8008", ownerAdmin.token())
                .json()
                .get("items");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("finding").asText()).isEqualTo("behaviour.ingest.abuse");
        assertThat(alerts.get(0).get("actual").asText()).startsWith("10 refused reports within a minute");
    }

    @Test
    void contactsOutsideTheProductsMudFileAreViolationsAndTheFirewallExportAllowsOnlyTheMudHost() throws IOException {
        String mud = "{\"ietf-mud:mud\":{\"mud-version\":1,\"mud-url\":\"https://lamps.example.com/lamp-7\","
                + "\"last-update\":\"2026-11-01T00:00:00Z\",\"cache-validity\":48,\"is-supported\":true,"
                + "\"systeminfo\":\"Lamp 7\",\"from-device-policy\":{\"access-lists\":{\"access-list\":"
                + "[{\"name\":\"fr\"}]}},\"to-device-policy\":{\"access-lists\":{\"access-list\":[{\"name\":\"to\"}]}}},"
                + "\"ietf-access-control-list:acls\":{\"acl\":["
                + "{\"name\":\"fr\",\"type\":\"ipv4-acl-type\",\"aces\":{\"ace\":[{\"name\":\"cloud\",\"matches\":"
                + "{\"ipv4\":{\"ietf-acldns:dst-dnsname\":\"api.lamps.example.com\",\"protocol\":6},\"tcp\":"
                + "{\"destination-port\":{\"operator\":\"eq\",\"port\":443}}},\"actions\":{\"forwarding\":\"accept\"}}]}},"
                + "{\"name\":\"to\",\"type\":\"ipv4-acl-type\",\"aces\":{\"ace\":[{\"name\":\"cloud-back\",\"matches\":"
                + "{\"ipv4\":{\"ietf-acldns:src-dnsname\":\"api.lamps.example.com\",\"protocol\":6},\"tcp\":"
                + "{\"source-port\":{\"operator\":\"eq\",\"port\":443}}},\"actions\":{\"forwarding\":\"accept\"}}]}}]}}";
        Api.Response product =
                server.api().post("/api/v1/products", makerAdmin.token(), Map.of("model", "lamp-7", "name", "Lamp 7"));
        String productId = product.json().get("id").asText();
        Api.Response attached = server.api()
                .send("PUT", "/api/v1/products/lamp-7/mud", makerAdmin.token(), mud, "application/mud+json");
        assertThat(attached.status()).as("%s", attached).isEqualTo(200);
        Api.Response firewall = server.api().get("/api/v1/products/lamp-7/mud/nftables", makerAdmin.token());
        assertThat(firewall.status()).as("%s", firewall).isEqualTo(200);
        assertThat(firewall.body()).contains("api.lamps.example.com", "443", "drop");

        Api.Response added = server.api()
                .post("/api/v1/devices", ownerAdmin.token(), Map.of("serial", "LAMP-77", "product", productId));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        Path key = key("lamp77");
        assertThat(curlEnroll(
                                "simpleenroll",
                                csr(key, "/serialNumber=LAMP-77"),
                                "--user",
                                "LAMP-77:"
                                        + added.json().get("enrollmentSecret").asText())
                        .out())
                .endsWith("200");
        Path cert = certsFromPkcs7(tmp.resolve("simpleenroll.b64"), "lamp77.pem");
        String report = "{\"v\":1,\"dev\":\"LAMP-77\",\"seq\":1,\"t\":1795000000,\"dur\":60,\"bo\":900,\"bi\":400,"
                + "\"po\":12,\"pi\":9,\"ca\":2,\"ce\":2,\"dst\":[{\"h\":\"api.lamps.example.com\",\"p\":443,\"pr\":\"tcp\","
                + "\"n\":1},{\"h\":\"198.51.100.23\",\"p\":23,\"pr\":\"tcp\",\"n\":40}],\"lsn\":[],\"af\":0,\"cpu\":3,"
                + "\"mem\":4096,\"fw\":\"2.0.1\",\"up\":600,\"ev\":[]}";
        assertThat(postTelemetry(cert, key, Files.writeString(tmp.resolve("lamp.json"), report)))
                .isEqualTo("202");

        JsonNode latest = server.api()
                .get("/api/v1/devices/LAMP-77/telemetry", ownerAdmin.token())
                .json();
        assertThat(latest.get("violations")).hasSize(1);
        assertThat(latest.get("violations").get(0).asText()).startsWith("198.51.100.23:23/tcp behaviour.mud.");
        assertThat(device("LAMP-77").get("device").get("state").asText())
                .as("the owner did not ask for automatic quarantine")
                .isEqualTo("active");
        // the violation is an alert with its evidence, in the device's incident; a repeat counts on it
        JsonNode alerts = server.api()
                .get("/api/v1/alerts?device=LAMP-77&state=open", ownerAdmin.token())
                .json()
                .get("items");
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("finding").asText()).startsWith("behaviour.mud.");
        assertThat(alert.get("severity").asText()).isEqualTo("high");
        assertThat(alert.get("destination").asText()).isEqualTo("198.51.100.23:23/tcp");
        assertThat(alert.get("actual").asText()).isEqualTo("40 contacts to 198.51.100.23:23/tcp");
        assertThat(postTelemetry(
                        cert,
                        key,
                        Files.writeString(tmp.resolve("lamp1b.json"), report.replace("\"seq\":1", "\"seq\":3"))))
                .isEqualTo("202");
        String alertId = alert.get("id").asText();
        assertThat(server.api()
                        .get("/api/v1/alerts/" + alertId, ownerAdmin.token())
                        .json()
                        .get("count")
                        .asLong())
                .isEqualTo(2);
        JsonNode incident = server.api()
                .get("/api/v1/incidents/" + alert.get("incident").asText(), ownerAdmin.token())
                .json();
        assertThat(incident.get("kind").asText()).isEqualTo("device");
        assertThat(incident.get("alerts").asLong()).isEqualTo(1);
        assertThat(server.api()
                        .post("/api/v1/alerts/" + alertId + "/resolve", ownerAdmin.token(), Map.of("note", ""))
                        .status())
                .as("a resolution needs a note")
                .isEqualTo(400);
        Api.Response resolved = server.api()
                .post("/api/v1/alerts/" + alertId + "/resolve", ownerAdmin.token(), Map.of("note", "lamp reflashed"));
        assertThat(resolved.status()).as("%s", resolved).isEqualTo(200);
        assertThat(resolved.json().get("state").asText()).isEqualTo("resolved");
        assertThat(server.api()
                        .get("/api/v1/audit/entries?action=alert.resolve", ownerAdmin.token())
                        .json()
                        .get("items"))
                .isNotEmpty();

        // the owner asks for it; the next report with telnet listening quarantines the device at once
        assertThat(server.api()
                        .send(
                                "PUT",
                                "/api/v1/organizations/" + ownerId + "/behaviour-policy",
                                ownerAdmin.token(),
                                Map.of("quarantineOnViolation", true),
                                "application/json")
                        .status())
                .isEqualTo(200);
        String telnet = report.replace("\"seq\":1", "\"seq\":4")
                .replace("{\"h\":\"198.51.100.23\",\"p\":23,\"pr\":\"tcp\",\"n\":40}", "")
                .replace("\"n\":1},]", "\"n\":1}]")
                .replace("\"lsn\":[]", "\"lsn\":[{\"p\":23,\"pr\":\"tcp\"}]");
        assertThat(postTelemetry(cert, key, Files.writeString(tmp.resolve("lamp2.json"), telnet)))
                .isEqualTo("202");
        JsonNode detail = device("LAMP-77");
        assertThat(detail.get("device").get("state").asText()).isEqualTo("quarantined");
        JsonNode quarantine = null;
        for (JsonNode e : detail.get("events")) {
            if (e.get("action").asText().equals("device.quarantine")) {
                quarantine = e;
            }
        }
        assertThat(quarantine).as("the quarantine in the device's history").isNotNull();
        assertThat(quarantine.get("actor").asText()).isEqualTo("system");
        assertThat(quarantine.get("reason").asText()).contains("behaviour.listen.telnet");
        assertThat(handshake(cert, key).exitCode())
                .as("its certificate is held")
                .isNotZero();
        server.api()
                .send(
                        "PUT",
                        "/api/v1/organizations/" + ownerId + "/behaviour-policy",
                        ownerAdmin.token(),
                        Map.of("quarantineOnViolation", false),
                        "application/json");
    }

    private String postTelemetry(Path cert, Path key, Path body) {
        return Command.run(
                        tmp,
                        "curl",
                        "-sS",
                        "--max-time",
                        "10",
                        "--cacert",
                        platformCa.toString(),
                        "--cert",
                        cert.toString(),
                        "--key",
                        key.toString(),
                        "-H",
                        "Content-Type: application/json",
                        "--data-binary",
                        "@" + body,
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        deviceBase + "/telemetry/v1")
                .out();
    }

    private String ocsp(Path issuer, Path chain, Path cert) {
        Command c = Command.run(
                tmp,
                "openssl",
                "ocsp",
                "-issuer",
                issuer.toString(),
                "-CAfile",
                chain.toString(),
                "-cert",
                cert.toString(),
                "-url",
                pkiBase() + "/ocsp",
                "-nonce");
        assertThat(c.exitCode()).as("%s", c).isZero();
        assertThat(c.err() + c.out()).contains("Response verify OK");
        return c.out();
    }

    private String pkiBase() {
        return "http://127.0.0.1:" + server.server().pkiHttpPort().orElseThrow();
    }

    private String givenDevice(String serial) {
        Api.Response added = server.api().post("/api/v1/devices", ownerAdmin.token(), Map.of("serial", serial));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        assertThat(added.json().get("device").get("state").asText()).isEqualTo("owned");
        return added.json().get("enrollmentSecret").asText();
    }

    private JsonNode device(String serial) {
        Api.Response r = server.api().get("/api/v1/devices/" + serial, ownerAdmin.token());
        if (r.status() == 404) {
            r = server.api().get("/api/v1/devices/" + serial, makerAdmin.token());
        }
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    /** The openssl and curl helpers, in the running test's temporary folder. */
    private OpensslEst est() {
        return new OpensslEst(server, tmp);
    }

    private Path key(String name) {
        return est().key(name);
    }

    /** A CSR as EST carries it: base64 of DER. */
    private Path csr(Path key, String subject) throws IOException {
        return est().csr(key, subject);
    }

    private Command curlEnroll(String operation, Path csr, String... auth) {
        return est().curlEnroll(operation, csr, auth);
    }

    /** The certificates of a base64 certs-only PKCS#7 answer, as PEM. */
    private Path certsFromPkcs7(Path base64, String name) throws IOException {
        return est().certsFromPkcs7(base64, name);
    }

    /** A TLS 1.2 handshake with the device certificate, so that a refusal fails the handshake itself. */
    private Command handshake(Path cert, Path key) {
        return Command.run(
                tmp,
                "openssl",
                "s_client",
                "-connect",
                deviceBase.substring("https://".length()),
                "-tls1_2",
                "-CAfile",
                platformCa.toString(),
                "-cert",
                cert.toString(),
                "-key",
                key.toString(),
                "-brief");
    }
}

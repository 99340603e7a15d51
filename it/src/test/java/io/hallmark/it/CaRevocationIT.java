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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revoking an organization's issuing CA by its root, end to end: devices enrolled with openssl and curl over EST, the
 * CA revoked with the CLI, the root's CRL read and applied by {@code openssl crl} and {@code openssl verify}, a new
 * enrollment refused, and the fleet audit's {@code device.certificate.issuer-revoked} finding on the device still
 * holding a certificate of it, none on another organization's device.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaRevocationIT {
    private TestServer server;
    private String ridge;
    private Actor ridgeAdmin;
    private Actor ridgeOperator;
    private Actor steadyAdmin;
    private Map<String, String> adminCli;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.givenServer(Store.H2);
        ridge = server.givenOrganization("Ridge Works", "owner");
        ridgeAdmin = server.givenUser(ridge, "admin");
        ridgeOperator = server.givenUser(ridge, "operator");
        String steady = server.givenOrganization("Steady Streams", "owner");
        steadyAdmin = server.givenUser(steady, "admin");
        adminCli = CliRun.env(server, ridgeAdmin.token(), "ridge-admin.token");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRevokedIssuingCaIsOnItsRootsCrlIssuesNothingAndItsDevicesAreFindings() throws IOException {
        OpensslEst ridgeEst = new OpensslEst(server, Files.createDirectories(tmp.resolve("ridge")));
        OpensslEst.Enrolled device = ridgeEst.enroll("SN-RV-1", secret(ridgeAdmin, "SN-RV-1"));
        OpensslEst steadyEst = new OpensslEst(server, Files.createDirectories(tmp.resolve("steady")));
        steadyEst.enroll("SN-ST-1", secret(steadyAdmin, "SN-ST-1"));

        JsonNode ca = server.api()
                .get("/api/v1/organizations/" + ridge + "/ca", ridgeAdmin.token())
                .json();
        Path root = Files.writeString(tmp.resolve("root.pem"), ca.get("root").asText());
        String chain = ca.get("ldevid").asText();
        Path issuing = Files.writeString(
                tmp.resolve("ldevid-ca.pem"), chain.substring(0, chain.indexOf("-----END CERTIFICATE-----") + 26));
        String issuingSerial = Command.run(tmp, "openssl", "x509", "-in", issuing.toString(), "-noout", "-serial")
                .out()
                .strip()
                .substring("serial=".length())
                .toUpperCase(Locale.ROOT);
        String rootAlias = "org." + ridge + ".root";
        String issuingAlias = "org." + ridge + ".ldevid-ca";

        // before: the chain verifies against both CRLs, and the audit is quiet
        assertThat(verifyWithCrls(device, root, issuing, rootAlias, issuingAlias)
                        .exitCode())
                .as("the chain verifies before the revocation")
                .isZero();
        runAudit(ridgeAdmin);
        assertThat(findings(ridgeAdmin, "device.certificate.issuer-revoked")).isEmpty();
        assertThat(ocsp(root, issuing)).contains(": good");

        // refused: without the permission, an unknown purpose or reason, a CA the organization does not have
        Api.Response operator = revoke(ridgeOperator, Map.of("purpose", "ldevid"));
        assertThat(operator.status()).as("%s", operator).isEqualTo(403);
        Api.Response badPurpose = revoke(ridgeAdmin, Map.of("purpose", "root"));
        assertThat(badPurpose.status()).isEqualTo(400);
        assertThat(badPurpose.body()).contains("purpose: root (expected: idevid or ldevid)");
        Api.Response badReason = revoke(ridgeAdmin, Map.of("purpose", "ldevid", "reason", "bored"));
        assertThat(badReason.status()).isEqualTo(400);
        assertThat(badReason.body()).contains("reason: bored");
        Api.Response noSuchCa = revoke(ridgeAdmin, Map.of("purpose", "idevid"));
        assertThat(noSuchCa.status()).isEqualTo(400);
        assertThat(noSuchCa.body()).contains("has no idevid issuing CA");
        Api.Response otherOrg = revoke(steadyAdmin, Map.of("purpose", "ldevid"));
        assertThat(otherOrg.status()).as("another organization's admin").isEqualTo(403);

        CliRun revoke = CliRun.run(
                adminCli, "org", "revoke-ca", "Ridge Works", "--purpose", "ldevid", "--reason", "keyCompromise");
        assertThat(revoke.exitCode()).as("%s", revoke).isZero();
        assertThat(revoke.out()).contains("revoked issuing CA", issuingAlias, "keyCompromise");
        CliRun again = CliRun.run(adminCli, "org", "revoke-ca", "Ridge Works", "--purpose", "ldevid");
        assertThat(again.exitCode()).as("revoked twice: %s", again).isNotZero();
        assertThat(again.err()).contains("already revoked");

        // RFC 5280 §5: the root's CRL lists the issuing CA's serial with the reason
        Path rootCrl = crl(rootAlias);
        Command read = Command.run(
                tmp,
                "openssl",
                "crl",
                "-inform",
                "DER",
                "-in",
                rootCrl.toString(),
                "-CAfile",
                root.toString(),
                "-noout",
                "-text");
        assertThat(read.out() + read.err()).contains("verify OK", "Serial Number: " + issuingSerial, "Key Compromise");
        Command verify = verifyWithCrls(device, root, issuing, rootAlias, issuingAlias);
        assertThat(verify.exitCode()).as("%s", verify).isNotZero();
        assertThat(verify.out() + verify.err()).contains("certificate revoked");

        // OCSP asked with the root as issuer agrees (RFC 6960 §2.2)
        assertThat(ocsp(root, issuing)).contains(": revoked", "keyCompromise");

        // the CA issues nothing more
        Path csr = ridgeEst.csr(ridgeEst.key("SN-RV-2"), "/serialNumber=SN-RV-2/CN=SN-RV-2");
        Command refused =
                ridgeEst.curlEnroll("simpleenroll", csr, "--user", "SN-RV-2:" + secret(ridgeAdmin, "SN-RV-2"));
        assertThat(refused.out()).as("%s", refused).endsWith("403");
        assertThat(Files.readString(tmp.resolve("ridge").resolve("simpleenroll.b64")))
                .contains("was revoked by its root");

        // and the device port refuses the operational certificate it issued at the handshake (RFC 5280 §6.3)
        Path csr2 = ridgeEst.csr(device.key(), "/serialNumber=SN-RV-1/CN=SN-RV-1");
        Command reenroll = ridgeEst.curlEnroll(
                "simplereenroll",
                csr2,
                "--cert",
                device.cert().toString(),
                "--key",
                device.key().toString());
        assertThat(reenroll.exitCode())
                .as("a TLS refusal, not an answer: %s", reenroll)
                .isNotZero();
        assertThat(reenroll.out()).as("%s", reenroll).doesNotEndWith("200");

        // the audit reports the device still holding a good certificate of it; the other organization's stays quiet
        runAudit(ridgeAdmin);
        assertThat(findings(ridgeAdmin, "device.certificate.issuer-revoked"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.get("resourceName").asText()).isEqualTo("SN-RV-1");
                    assertThat(f.get("severity").asText()).isEqualTo("critical");
                    assertThat(f.get("actual").asText()).contains(issuingAlias, "keyCompromise");
                    assertThat(f.get("remediation").asText()).contains("re-enroll the device under a new issuing CA");
                });
        runAudit(steadyAdmin);
        assertThat(findings(steadyAdmin, "device.certificate.issuer-revoked")).isEmpty();

        Api.Response log = server.api().get("/api/v1/audit/entries?action=ca.revoke", ridgeAdmin.token());
        assertThat(log.body()).contains(issuingAlias, "reason keyCompromise", "high");
    }

    private Api.Response revoke(Actor who, Map<String, Object> body) {
        return server.api().post("/api/v1/organizations/" + ridge + "/ca/revocations", who.token(), body);
    }

    /** {@code openssl verify} of the device's chain with both CRLs of the chain ({@code -crl_check_all}). */
    private Command verifyWithCrls(
            OpensslEst.Enrolled device, Path root, Path issuing, String rootAlias, String issuingAlias)
            throws IOException {
        return Command.run(
                tmp,
                "openssl",
                "verify",
                "-crl_check_all",
                "-CAfile",
                root.toString(),
                "-untrusted",
                issuing.toString(),
                "-CRLfile",
                pem(crl(rootAlias)).toString(),
                "-CRLfile",
                pem(crl(issuingAlias)).toString(),
                device.cert().toString());
    }

    /** {@code openssl ocsp} about the issuing CA's certificate, the root as issuer. */
    private String ocsp(Path root, Path issuing) {
        Command c = Command.run(
                tmp,
                "openssl",
                "ocsp",
                "-issuer",
                root.toString(),
                "-CAfile",
                root.toString(),
                "-cert",
                issuing.toString(),
                "-url",
                "http://127.0.0.1:" + server.server().pkiHttpPort().orElseThrow() + "/ocsp",
                "-nonce");
        assertThat(c.exitCode()).as("%s", c).isZero();
        assertThat(c.err() + c.out()).contains("Response verify OK");
        return c.out();
    }

    private Path crl(String alias) {
        Path der = tmp.resolve(alias + ".crl");
        Command fetch = Command.run(
                tmp,
                "curl",
                "-sS",
                "--max-time",
                "10",
                "-f",
                "-o",
                der.toString(),
                "http://127.0.0.1:" + server.server().pkiHttpPort().orElseThrow() + "/crl/" + alias + ".crl");
        assertThat(fetch.exitCode()).as("%s", fetch).isZero();
        return der;
    }

    private Path pem(Path derCrl) {
        Path pem = Path.of(derCrl + ".pem");
        Command conv =
                Command.run(tmp, "openssl", "crl", "-inform", "DER", "-in", derCrl.toString(), "-out", pem.toString());
        assertThat(conv.exitCode()).as("%s", conv).isZero();
        return pem;
    }

    private String secret(Actor admin, String serial) {
        Api.Response added = server.api().post("/api/v1/devices", admin.token(), Map.of("serial", serial));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        return added.json().get("enrollmentSecret").asText();
    }

    private void runAudit(Actor admin) {
        Api.Response run = server.api().post("/api/v1/fleet-audit/runs", admin.token(), Map.of());
        assertThat(run.status()).as("%s", run).isEqualTo(200);
    }

    private List<JsonNode> findings(Actor who, String check) {
        Api.Response r = server.api().get("/api/v1/fleet-audit/findings?check=" + check, who.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        return items;
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every manufacturer and owner gets its certificate authorities when it is created; openssl accepts the chains. */
class OrganizationCaIT {
    @TempDir
    Path dir;

    @Test
    void manufacturerAndOwnerGetTheirIssuingCasAndOpensslVerifiesThem() throws Exception {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            String acme = server.givenOrganization("Acme", "manufacturer");
            String northwind = server.givenOrganization("Northwind", "owner");
            String both = server.givenOrganization("Both", "manufacturer", "owner");
            Actor acmeAdmin = server.givenUser(acme, "admin");
            Api api = server.api();

            JsonNode m = api.get("/api/v1/organizations/" + acme + "/ca", acmeAdmin.token())
                    .json();
            assertThat(m.get("idevid").asText()).contains("BEGIN CERTIFICATE");
            assertThat(m.get("ldevid").isNull()).isTrue();
            JsonNode o = api.get("/api/v1/organizations/" + northwind + "/ca", server.adminToken())
                    .json();
            assertThat(o.get("ldevid").asText()).contains("BEGIN CERTIFICATE");
            assertThat(o.get("idevid").isNull()).isTrue();
            JsonNode b = api.get("/api/v1/organizations/" + both + "/ca", server.adminToken())
                    .json();
            assertThat(b.get("idevid").isNull()).isFalse();
            assertThat(b.get("ldevid").isNull()).isFalse();
            assertThat(m.get("root").asText()).isNotEqualTo(o.get("root").asText());

            // an organization's CAs are its own business
            assertThat(api.get("/api/v1/organizations/" + northwind + "/ca", acmeAdmin.token())
                            .status())
                    .isEqualTo(403);

            Path root = Files.writeString(dir.resolve("root.pem"), m.get("root").asText());
            Path chain = Files.writeString(
                    dir.resolve("idevid-chain.pem"), m.get("idevid").asText());
            Process p;
            try {
                p = new ProcessBuilder(
                                "openssl", "verify", "-x509_strict", "-CAfile", root.toString(), chain.toString())
                        .redirectErrorStream(true)
                        .start();
            } catch (java.io.IOException e) {
                Assumptions.abort("openssl is not installed: skipped");
                return;
            }
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as(out).contains(": OK");
            assertThat(p.exitValue()).isZero();
        }
    }

    @Test
    void cliPrintsTheChainsAndTheRootAsPem() throws Exception {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            String acme = server.givenOrganization("Acme", "manufacturer");
            JsonNode ca = server.api()
                    .get("/api/v1/organizations/" + acme + "/ca", server.adminToken())
                    .json();
            Path token = Files.writeString(dir.resolve("admin.token"), server.adminToken());
            String[] connection = {
                "--url",
                server.url(),
                "--ca-file",
                server.dataDir().resolve("trust/platform-ca.pem").toString(),
                "--token-file",
                token.toString()
            };
            assertThat(cli("org", "ca", "Acme", connection))
                    .isEqualTo(ca.get("idevid").asText());
            assertThat(cli("org", "ca", acme, "--purpose", "root", connection))
                    .isEqualTo(ca.get("root").asText());
        }
    }

    private static String cli(String a, String b, String c, String[] connection) {
        return cli(new String[] {a, b, c}, connection);
    }

    private static String cli(String a, String b, String c, String d, String e, String[] connection) {
        return cli(new String[] {a, b, c, d, e}, connection);
    }

    private static String cli(String[] args, String[] connection) {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cmd = new picocli.CommandLine(new io.hallmark.cli.Main());
        cmd.setOut(new java.io.PrintWriter(out, true));
        String[] all = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(args), java.util.Arrays.stream(connection))
                .toArray(String[]::new);
        assertThat(cmd.execute(all)).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void anAssessorOnlyOrganizationIssuesNoDeviceCertificates() {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            String labs = server.givenOrganization("Labs", "assessor");
            assertThat(server.api()
                            .get("/api/v1/organizations/" + labs + "/ca", server.adminToken())
                            .status())
                    .isEqualTo(404);
        }
    }
}

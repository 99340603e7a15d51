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

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A user of one organization can read or change nothing of another, whatever their role. */
class TenantIsolationIT {

    @ParameterizedTest
    @EnumSource(Store.class)
    void anAdminOfOneOrganizationCanNeitherReadNorChangeAnother(Store store) {
        try (TestServer server = TestServer.givenServer(store)) {
            Api api = server.api();
            String acme = server.givenOrganization("Acme", "manufacturer");
            String globex = server.givenOrganization("Globex", "owner");
            Actor acmeAdmin = server.givenUser(acme, "admin", "security-officer", "auditor");
            Actor globexAdmin = server.givenUser(globex, "admin");
            Actor globexOperator = server.givenUser(globex, "operator");
            String t = acmeAdmin.token();

            // reading
            assertThat(api.get("/api/v1/organizations/" + globex, t).status()).isEqualTo(403);
            assertThat(api.get("/api/v1/organizations/Globex", t).status()).isEqualTo(403);
            JsonNode orgs = api.get("/api/v1/organizations", t).json().get("items");
            assertThat(orgs).hasSize(1);
            assertThat(orgs.get(0).get("id").asText()).isEqualTo(acme);
            assertThat(api.get("/api/v1/users?org=" + globex, t).status()).isEqualTo(403);
            assertThat(api.get("/api/v1/users", t).json().get("items"))
                    .allSatisfy(u -> assertThat(u.get("org").asText()).isEqualTo(acme));
            assertThat(api.get("/api/v1/users/" + globexOperator.id(), t).status())
                    .isEqualTo(403);
            assertThat(api.get("/api/v1/tokens?user=" + globexOperator.id(), t).status())
                    .isEqualTo(403);
            assertThat(api.get("/api/v1/audit/entries?org=" + globex, t).status())
                    .isEqualTo(403);
            assertThat(api.get("/api/v1/audit/entries?limit=500", t).json().get("items"))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.get("org").asText()).isEqualTo(acme));
            assertThat(api.get("/api/v1/access/break-glass?org=" + globex, t).status())
                    .isEqualTo(403);

            // changing
            assertThat(api.post(
                                    "/api/v1/users",
                                    t,
                                    Map.of("org", globex, "name", "intruder", "roles", List.of("admin")))
                            .status())
                    .isEqualTo(403);
            assertThat(api.patch("/api/v1/users/" + globexOperator.id(), t, Map.of("roles", List.of("admin")))
                            .status())
                    .isEqualTo(403);
            assertThat(api.patch("/api/v1/users/" + globexOperator.id(), t, Map.of("disabled", true))
                            .status())
                    .isEqualTo(403);
            assertThat(api.post("/api/v1/tokens", t, Map.of("user", globexOperator.id()))
                            .status())
                    .isEqualTo(403);
            assertThat(api.delete("/api/v1/tokens/" + globexAdmin.tokenId(), t).status())
                    .isEqualTo(403);

            // break-glass gives admin of one's own organization, nothing more
            Actor officer = server.givenUser(acme, "security-officer");
            assertThat(api.post(
                                    "/api/v1/access/break-glass",
                                    officer.token(),
                                    Map.of("reason", "incident 7: revoke a leaked token", "minutes", 10))
                            .status())
                    .isEqualTo(201);
            assertThat(api.delete("/api/v1/tokens/" + globexAdmin.tokenId(), officer.token())
                            .status())
                    .isEqualTo(403);
            assertThat(api.get("/api/v1/users/" + globexOperator.id(), officer.token())
                            .status())
                    .isEqualTo(403);

            // nothing of Globex changed
            Api.Response operator = api.get("/api/v1/users/" + globexOperator.id(), globexAdmin.token());
            assertThat(operator.json().get("roles")).hasSize(1);
            assertThat(operator.json().get("disabled").asBoolean()).isFalse();
            assertThat(api.get("/api/v1/me", globexAdmin.token()).status()).isEqualTo(200);
            assertThat(api.get("/api/v1/users?org=" + globex, globexAdmin.token())
                            .json()
                            .get("items"))
                    .extracting(u -> u.get("name").asText())
                    .doesNotContain("intruder");
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anExportForOneOrganizationRedactsEveryOtherOrganizationsEntriesAndStillVerifies(Store store) throws Exception {
        try (TestServer server = TestServer.givenServer(store)) {
            String acme = server.givenOrganization("Acme", "manufacturer");
            String globex = server.givenOrganization("Globex", "owner");
            Actor acmeAuditor = server.givenUser(acme, "auditor");
            server.givenUser(globex, "admin");
            server.server().checkpointer().checkpointNow();
            String export = server.api()
                    .get("/api/v1/audit/export", acmeAuditor.token())
                    .body();
            assertThat(export).doesNotContain(globex.equals("") ? "-" : "\"org\":\"" + globex + "\"");
            assertThat(export).contains("\"redacted\":true").contains("\"org\":\"" + acme + "\"");
            java.nio.file.Path f = server.dataDir().resolve("acme-export.jsonl");
            java.nio.file.Files.writeString(f, export);
            String pem = server.api().get("/api/v1/audit/public-key", null).body();
            var key = java.security.KeyFactory.getInstance("EC")
                    .generatePublic(
                            new java.security.spec.X509EncodedKeySpec(io.hallmark.core.Pem.decode("PUBLIC KEY", pem)));
            assertThat(io.hallmark.server.audit.AuditExport.verifyFile(f, key).ok())
                    .isTrue();
        }
    }
}

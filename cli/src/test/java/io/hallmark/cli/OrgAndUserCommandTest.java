package io.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OrgAndUserCommandTest extends CannedServerTest {
    static final String ORG =
            "{\"id\":\"org_1\",\"name\":\"Acme Devices\",\"kinds\":[\"manufacturer\",\"owner\"],\"createdAt\":\"2025-01-31T12:00:00Z\"}";
    static final String USER = "{\"id\":\"usr_1\",\"org\":\"org_1\",\"name\":\"ann\",\"roles\":[\"operator\"],"
            + "\"hasPassword\":true,\"disabled\":false,\"createdAt\":\"2025-01-31T12:00:00Z\"}";

    @Test
    void orgCreateSendsNameAndKindsGivenRepeatedOrCommaSeparated() {
        server.json("POST", "/api/v1/organizations", 201, ORG);

        Cli.Result r = run("org", "create", "Acme Devices", "--kind", "manufacturer,Owner", "--kind", "assessor");

        assertThat(r.exitCode()).isZero();
        CannedServer.Request req = server.lastRequest();
        assertThat(req.body())
                .isEqualTo("{\"name\":\"Acme Devices\",\"kinds\":[\"manufacturer\",\"owner\",\"assessor\"]}");
        assertThat(req.contentType()).isEqualTo("application/json");
        assertThat(req.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(r.out()).contains("created organization").contains("org_1").contains("manufacturer, owner");
        assertThat(r.out()).doesNotContain(TOKEN);
    }

    @Test
    void jsonPassesTheBodyThroughUnchanged() {
        String body = "{\"items\":[" + ORG + "],\"nextCursor\":null,\"extra\":{\"kept\":true}}";
        server.json("GET", "/api/v1/organizations", 200, body);

        Cli.Result r = run("org", "list", "--json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo(body + System.lineSeparator());
    }

    @Test
    void orgListPrintsATable() {
        server.json("GET", "/api/v1/organizations", 200, "{\"items\":[" + ORG + "],\"nextCursor\":\"c2\"}");

        Cli.Result r = run("org", "list", "--limit", "1");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().pathAndQuery()).isEqualTo("/api/v1/organizations?limit=1");
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "ID     NAME          KINDS                CREATED",
                        "org_1  Acme Devices  manufacturer, owner  2025-01-31T12:00:00Z",
                        "(more: --cursor c2, or --all)");
    }

    @Test
    void orgShowEncodesTheNameAsOnePathSegment() {
        server.json("GET", "/api/v1/organizations/Acme%20Devices", 200, ORG);

        Cli.Result r = run("org", "show", "Acme Devices");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("name:").contains("Acme Devices");
    }

    @Test
    void orgShowOfAnUnknownOrganizationExitsFour() {
        Cli.Result r = run("org", "show", "nope");

        assertThat(r.exitCode()).isEqualTo(4);
    }

    @Test
    void userAddSendsThePasswordWithoutItsTrailingNewlineAndShowsTheTokenOnce() throws IOException {
        Path password = Files.writeString(dir.resolve("pw"), "correct horse battery\n");
        server.json(
                "POST",
                "/api/v1/users",
                201,
                "{\"user\":" + USER + ",\"token\":{\"id\":\"tok_9\",\"user\":\"usr_1\",\"name\":null,"
                        + "\"expiresAt\":\"2025-04-30T12:00:00Z\",\"token\":\"hm1_tok9_NEWSECRET\"}}");

        Cli.Result r = run(
                "user",
                "add",
                "ann",
                "--org",
                "Acme",
                "--role",
                "operator,auditor",
                "--password-file",
                password.toString(),
                "--token-ttl-days",
                "30");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().body())
                .isEqualTo("{\"org\":\"Acme\",\"name\":\"ann\",\"roles\":[\"operator\",\"auditor\"],"
                        + "\"password\":\"correct horse battery\",\"tokenTtlDays\":30}");
        assertThat(r.out()).contains("token (shown once): hm1_tok9_NEWSECRET").contains("tok_9");
        assertThat(r.out()).doesNotContain("correct horse");
    }

    @Test
    void passwordFileLosesOnlyOneTrailingLineBreak() throws IOException {
        assertThat(UserCommand.readPassword(Files.writeString(dir.resolve("a"), "pw  \r\n")))
                .isEqualTo("pw  ");
        assertThat(UserCommand.readPassword(Files.writeString(dir.resolve("b"), "pw\n\n")))
                .isEqualTo("pw\n");
        assertThat(UserCommand.readPassword(Files.writeString(dir.resolve("c"), "pw")))
                .isEqualTo("pw");
    }

    @Test
    void userListFiltersByOrganization() {
        server.json("GET", "/api/v1/users", 200, "{\"items\":[" + USER + "],\"nextCursor\":null}");

        Cli.Result r = run("user", "list", "--org", "Acme Devices");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().pathAndQuery()).isEqualTo("/api/v1/users?org=Acme+Devices");
        assertThat(r.out()).contains("usr_1").contains("operator");
    }

    @Test
    void userUpdateDisablesWithAPatch() {
        server.json("PATCH", "/api/v1/users/usr_1", 200, USER.replace("\"disabled\":false", "\"disabled\":true"));

        Cli.Result r = run("user", "update", "usr_1", "--disable");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().method()).isEqualTo("PATCH");
        assertThat(server.lastRequest().body()).isEqualTo("{\"disabled\":true}");
        assertThat(r.out()).contains("disabled:").contains("yes");
    }

    @Test
    void userUpdateSetsRolesAndEnables() {
        server.json("PATCH", "/api/v1/users/usr_1", 200, USER);

        Cli.Result r = run("user", "update", "usr_1", "--role", "admin", "--role", "auditor", "--enable");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().body()).isEqualTo("{\"roles\":[\"admin\",\"auditor\"],\"disabled\":false}");
    }

    @Test
    void userUpdateNeedsSomethingToChange() {
        assertThat(run("user", "update", "usr_1").exitCode()).isEqualTo(2);
        assertThat(run("user", "update", "usr_1", "--enable", "--disable").exitCode())
                .isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void whoamiShowsTheCallerButNotTheToken() {
        server.json(
                "GET",
                "/api/v1/me",
                200,
                "{\"user\":\"usr_1\",\"name\":\"ann\",\"org\":\"org_1\",\"roles\":[\"admin\"],\"platformAdmin\":false,"
                        + "\"breakGlass\":null}");

        Cli.Result r = run("whoami");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("usr_1").contains("admin").doesNotContain(TOKEN);
        assertThat(r.out().lines()).anyMatch(l -> l.startsWith("breakGlass:") && l.endsWith(" -"));
    }

    @Test
    void totpEnableSendsThePasswordAndPrintsTheSecretOnce() throws IOException {
        Path password = Files.writeString(dir.resolve("pw2"), "correct horse battery\n");
        server.json(
                "POST",
                "/api/v1/me/totp",
                201,
                "{\"otpauthUri\":\"otpauth://totp/Hallmark:ann?secret=JBSWY3DPEHPK3PXP&issuer=Hallmark\","
                        + "\"secret\":\"JBSWY3DPEHPK3PXP\"}");

        Cli.Result r = run("user", "totp-enable", "--password-file", password.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().body()).isEqualTo("{\"password\":\"correct horse battery\"}");
        assertThat(r.out())
                .contains("secret (shown once): JBSWY3DPEHPK3PXP")
                .contains("otpauth://totp/Hallmark:ann")
                .doesNotContain("correct horse");
    }

    @Test
    void totpConfirmSendsTheCode() {
        server.json("POST", "/api/v1/me/totp/confirm", 204, "");

        Cli.Result r = run("user", "totp-confirm", "123456");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().body()).isEqualTo("{\"code\":\"123456\"}");
        assertThat(r.out()).contains("two-step sign-in is on");
    }
}

package io.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenAndAccessCommandTest extends CannedServerTest {
    static final String SESSION =
            "{\"id\":\"bg_1\",\"user\":\"usr_1\",\"org\":\"org_1\",\"reason\":\"the vault is down\","
                    + "\"startedAt\":\"2025-01-31T12:00:00Z\",\"expiresAt\":\"2025-01-31T12:30:00Z\",\"endedAt\":null,"
                    + "\"active\":true,\"reviewedBy\":null,\"reviewedAt\":null,\"reviewNote\":null}";

    @Test
    void tokenCreatePrintsTheNewTokenOnce() {
        server.json(
                "POST",
                "/api/v1/tokens",
                201,
                "{\"id\":\"tok_2\",\"user\":\"usr_2\",\"name\":\"ci\",\"expiresAt\":\"2025-02-07T00:00:00Z\","
                        + "\"token\":\"hm1_tok2_FRESH\"}");

        Cli.Result r = run("token", "create", "--name", "ci", "--user", "usr_2", "--ttl-days", "7");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().body()).isEqualTo("{\"name\":\"ci\",\"user\":\"usr_2\",\"ttlDays\":7}");
        assertThat(r.out()).startsWith("token (shown once): hm1_tok2_FRESH").contains("tok_2");
    }

    @Test
    void tokenCreateWithoutOptionsSendsAnEmptyObject() {
        server.json("POST", "/api/v1/tokens", 201, "{\"id\":\"t\",\"token\":\"hm1_t_x\"}");

        assertThat(run("token", "create").exitCode()).isZero();
        assertThat(server.lastRequest().body()).isEqualTo("{}");
    }

    @Test
    void tokenListFiltersByUser() {
        server.json(
                "GET",
                "/api/v1/tokens",
                200,
                "{\"items\":[{\"id\":\"tok_1\",\"user\":\"usr_1\",\"name\":null,\"createdAt\":\"2025-01-01T00:00:00Z\","
                        + "\"expiresAt\":\"2025-04-01T00:00:00Z\",\"revokedAt\":null}],\"nextCursor\":null}");

        Cli.Result r = run("token", "list", "--user", "usr_1");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().pathAndQuery()).isEqualTo("/api/v1/tokens?user=usr_1");
        assertThat(r.out()).contains("tok_1").contains("REVOKED");
    }

    @Test
    void tokenRevokeDeletes() {
        server.answer("DELETE", "/api/v1/tokens/tok_1", new CannedServer.Answer(204, "text/plain", ""));

        Cli.Result r = run("token", "revoke", "tok_1");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().method()).isEqualTo("DELETE");
        assertThat(r.out()).contains("revoked token tok_1");
    }

    @Test
    void tokenRevokeRefusesAPastedSecret() {
        Cli.Result r = run("token", "revoke", "hm1.tok_1.s3cret");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("looks like the token itself").doesNotContain("s3cret");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void breakGlassStartsASession() {
        server.json("POST", "/api/v1/access/break-glass", 201, SESSION);

        Cli.Result r = run("access", "break-glass", "--reason", "the vault is down", "--minutes", "30");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().body()).isEqualTo("{\"reason\":\"the vault is down\",\"minutes\":30}");
        assertThat(r.out()).contains("bg_1").contains("2025-01-31T12:30:00Z");
    }

    @Test
    void breakGlassListEndAndReviewWorkFlatAndNested() {
        server.json("GET", "/api/v1/access/break-glass", 200, "{\"items\":[" + SESSION + "],\"nextCursor\":null}");
        server.json("POST", "/api/v1/access/break-glass/bg_1/end", 200, SESSION);
        server.json("POST", "/api/v1/access/break-glass/bg_1/review", 200, SESSION);

        assertThat(run("access", "break-glass-list", "--org", "org_1").exitCode())
                .isZero();
        assertThat(server.lastRequest().pathAndQuery()).isEqualTo("/api/v1/access/break-glass?org=org_1");
        assertThat(run("access", "break-glass", "list").out()).contains("bg_1");
        assertThat(server.lastRequest().pathAndQuery()).isEqualTo("/api/v1/access/break-glass");

        assertThat(run("access", "break-glass-end", "bg_1").exitCode()).isZero();
        assertThat(run("access", "break-glass", "end", "bg_1").exitCode()).isZero();
        assertThat(server.lastRequest().method()).isEqualTo("POST");

        assertThat(run("access", "break-glass-review", "bg_1", "--note", "fine").exitCode())
                .isZero();
        assertThat(server.lastRequest().body()).isEqualTo("{\"note\":\"fine\"}");
        assertThat(run("access", "break-glass", "review", "bg_1", "--note", "ok")
                        .exitCode())
                .isZero();
        assertThat(server.lastRequest().body()).isEqualTo("{\"note\":\"ok\"}");
        assertThat(server.requests()).hasSize(6);
    }

    @Test
    void breakGlassReviewNeedsANote() {
        assertThat(run("access", "break-glass-review", "bg_1").exitCode()).isEqualTo(2);
    }
}

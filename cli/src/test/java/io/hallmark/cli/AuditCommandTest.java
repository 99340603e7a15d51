package io.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AuditCommandTest extends CannedServerTest {
    static String entry(long seq) {
        return "{\"seq\":" + seq + ",\"time\":\"2025-01-31T12:00:0" + seq
                + ".000Z\",\"actor\":\"usr_1\",\"org\":\"org_1\","
                + "\"action\":\"org.create\",\"target\":\"org_" + seq + "\",\"outcome\":\"success\",\"reason\":null,"
                + "\"requestId\":\"r" + seq + "\",\"severity\":\"info\",\"breakGlass\":null,\"hash\":\"ab\"}";
    }

    @Test
    void listSendsTheFiltersAsQueryParameters() {
        server.json("GET", "/api/v1/audit/entries", 200, "{\"items\":[" + entry(1) + "],\"nextCursor\":null}");

        Cli.Result r = run(
                "audit",
                "list",
                "--org",
                "org_1",
                "--actor",
                "usr_1",
                "--action",
                "org.create",
                "--outcome",
                "success",
                "--severity",
                "info",
                "--since",
                "2025-01-31",
                "--until",
                "2025-02-01T00:00:00+01:00",
                "--limit",
                "5");

        assertThat(r.exitCode()).isZero();
        assertThat(server.lastRequest().pathAndQuery())
                .isEqualTo("/api/v1/audit/entries?org=org_1&actor=usr_1&action=org.create&outcome=success&severity=info"
                        + "&since=2025-01-31T00%3A00%3A00Z&until=2025-01-31T23%3A00%3A00Z&limit=5");
        assertThat(r.out()).contains("org.create").contains("org_1");
    }

    @Test
    void listAllFollowsTheCursors() throws IOException {
        server.json("GET", "/api/v1/audit/entries", 200, "{\"items\":[" + entry(1) + "],\"nextCursor\":\"c2\"}");
        server.json("GET", "/api/v1/audit/entries", 200, "{\"items\":[" + entry(2) + "],\"nextCursor\":\"c3\"}");
        server.json("GET", "/api/v1/audit/entries", 200, "{\"items\":[" + entry(3) + "],\"nextCursor\":null}");

        Cli.Result r = run("audit", "list", "--all", "--json", "--severity", "info");

        assertThat(r.exitCode()).isZero();
        assertThat(server.requests())
                .extracting(CannedServer.Request::pathAndQuery)
                .containsExactly(
                        "/api/v1/audit/entries?severity=info",
                        "/api/v1/audit/entries?severity=info&cursor=c2",
                        "/api/v1/audit/entries?severity=info&cursor=c3");
        JsonNode all = new ObjectMapper().readTree(r.out());
        assertThat(all.get("items")).extracting(JsonNode::toString).hasSize(3);
        assertThat(all.get("items").get(2).get("seq").asLong()).isEqualTo(3);
        assertThat(all.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void listAllStopsWhenTheServerRepeatsACursor() {
        server.json("GET", "/api/v1/audit/entries", 200, "{\"items\":[],\"nextCursor\":\"same\"}");

        Cli.Result r = run("audit", "list", "--all");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("repeated the cursor");
    }

    @Test
    void tableCellsAreCleanedOfControlCharacters() {
        String evil = entry(1).replace("\"reason\":null", "\"reason\":\"a\\u001b[31mred\\nline\"");
        server.json("GET", "/api/v1/audit/entries", 200, "{\"items\":[" + evil + "],\"nextCursor\":null}");

        Cli.Result r = run("audit", "list");

        assertThat(r.out()).contains("a?[31mred line").doesNotContain("\u001b");
    }

    @Test
    void exportStreamsTheBodyToTheFile() throws IOException {
        String body = "{\"type\":\"entry\",\"seq\":1}\n{\"type\":\"entry\",\"seq\":2}\n";
        server.answer("GET", "/api/v1/audit/export", new CannedServer.Answer(200, "application/x-ndjson", body));
        Path out = dir.resolve("audit.jsonl");

        Cli.Result r = run("audit", "export", "--out", out.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(Files.readString(out)).isEqualTo(body);
        assertThat(r.out()).contains("wrote 2 lines");
        assertThat(dir.resolve("audit.jsonl.partial")).doesNotExist();
    }

    @Test
    void exportFailureLeavesNoFile() {
        server.problem("GET", "/api/v1/audit/export", 403, "needs audit.read", "r1");
        Path out = dir.resolve("audit.jsonl");

        Cli.Result r = run("audit", "export", "--out", out.toString());

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("audit.jsonl.partial")).doesNotExist();
    }

    @Test
    void exportWithoutOutWritesToStandardOutput() {
        server.answer("GET", "/api/v1/audit/export", new CannedServer.Answer(200, "application/x-ndjson", "{}\n"));

        Cli.Result r = run("audit", "export");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("{}\n");
    }

    @Test
    void publicKeyNeedsNoTokenAndCanBeWrittenToAFile() throws IOException {
        String pem = "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n";
        server.answer("GET", "/api/v1/audit/public-key", new CannedServer.Answer(200, "application/x-pem-file", pem));
        Path out = dir.resolve("audit.pem");

        Cli.Result printed = Cli.run("audit", "public-key", "--url", server.url());
        Cli.Result written = Cli.run("audit", "public-key", "--url", server.url(), "--out", out.toString());

        assertThat(printed.exitCode()).isZero();
        assertThat(printed.out()).isEqualTo(pem);
        assertThat(server.lastRequest().authorization()).isNull();
        assertThat(written.exitCode()).isZero();
        assertThat(Files.readString(out)).isEqualTo(pem);
    }

    @Test
    void checkpointReportsANewCheckpointOrNothingNew() {
        server.json(
                "POST",
                "/api/v1/audit/checkpoints",
                201,
                "{\"seq\":7,\"head\":\"" + "a".repeat(64)
                        + "\",\"time\":\"2025-01-31T12:00:00.000Z\",\"jws\":\"x.y.z\"}");
        server.answer("POST", "/api/v1/audit/checkpoints", new CannedServer.Answer(204, "text/plain", ""));

        Cli.Result made = run("audit", "checkpoint");
        Cli.Result none = run("audit", "checkpoint");

        assertThat(made.exitCode()).isZero();
        assertThat(made.out()).contains("checkpoint signed").contains("seq:").contains("7");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).contains("no new entries");
    }

    @Test
    void serverVerifyPrintsOkAndExitsZero() {
        String ok =
                "{\"ok\":true,\"entries\":12,\"checkpoints\":2,\"lastSeq\":12,\"firstBrokenSeq\":null,\"findings\":[]}";
        server.json("GET", "/api/v1/audit/verify", 200, ok);

        Cli.Result text = run("audit", "verify");
        Cli.Result json = run("audit", "verify", "--json");

        assertThat(text.exitCode()).isZero();
        assertThat(text.out().strip()).isEqualTo("ok: 12 entries, 2 checkpoints checked, last seq 12");
        assertThat(json.out()).isEqualTo(ok + System.lineSeparator());
    }

    @Test
    void serverVerifyNamesTheFirstBrokenSeqAndExitsOne() {
        String broken =
                "{\"ok\":false,\"entries\":12,\"checkpoints\":2,\"lastSeq\":12,\"firstBrokenSeq\":5,\"findings\":"
                        + "[{\"id\":\"audit.entry.hash-mismatch\",\"seq\":5,\"message\":\"entry 5 does not hash\"}]}";
        server.json("GET", "/api/v1/audit/verify", 200, broken);

        Cli.Result text = run("audit", "verify");
        Cli.Result json = run("audit", "verify", "--json");

        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).contains("breaks at seq 5").contains("audit.entry.hash-mismatch");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.out()).isEqualTo(broken + System.lineSeparator());
    }
}

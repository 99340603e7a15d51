package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.server.audit.AuditChain;
import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.audit.AuditFinding;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.ChainHead;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit log is tamper-evident end to end: a running server's chain is edited straight in its database with raw
 * JDBC, the way someone with database access but without the audit key would, and {@code GET /api/v1/audit/verify}
 * names the first broken sequence and the kind of finding. An exported file edited by hand fails offline
 * verification ({@code hallmark audit verify --file --key}) at the edited entry.
 */
class AuditTamperIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Store.class)
    void changedEntriesAreReportedAtTheirSequencesAsHashMismatches(Store store) {
        try (TestServer server = TestServer.givenServer(store)) {
            Signed log = givenSignedActivity(server);

            update(server, "UPDATE audit_entries SET actor = ? WHERE seq = ?", "usr_forged", 3L);
            update(server, "UPDATE audit_entries SET action = ? WHERE seq = ?", "org.read", 5L);
            update(server, "UPDATE audit_entries SET reason = ? WHERE seq = ?", "nothing to see", 7L);

            JsonNode v = verify(server);
            assertBrokenAt(v, 3, AuditFinding.HASH_MISMATCH);
            assertThat(findings(v))
                    .contains(
                            tuple(AuditFinding.HASH_MISMATCH, 5L),
                            tuple(AuditFinding.HASH_MISMATCH, 7L),
                            tuple(AuditFinding.CHECKPOINT_MISMATCH, log.checkpointSeq()));
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void deletedEntryIsReportedAtItsSequenceAsSequenceGap(Store store) {
        try (TestServer server = TestServer.givenServer(store)) {
            givenSignedActivity(server);

            update(server, "DELETE FROM audit_entries WHERE seq = ?", 4L);

            assertBrokenAt(verify(server), 4, AuditFinding.SEQUENCE_GAP);
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void forgedEntryAppendedAtTheEndIsReportedAtItsSequence(Store store) {
        try (TestServer server = TestServer.givenServer(store)) {
            Signed log = givenSignedActivity(server);
            long forged = log.lastSeq() + 1;
            String madeUp = randomHash();

            insertForged(server, forged, madeUp);
            update(server, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", forged, madeUp);

            JsonNode v = verify(server);
            assertBrokenAt(v, forged, AuditFinding.HASH_MISMATCH);
            assertThat(v.get("lastSeq").asLong()).isEqualTo(forged);
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void forgedEntryInsertedBetweenEntriesIsReportedAtItsSequence(Store store) {
        try (TestServer server = TestServer.givenServer(store)) {
            Signed log = givenSignedActivity(server);
            long at = 6;

            // make room: every entry from 6 on moves up by one (through negatives, so the primary key never clashes)
            update(server, "UPDATE audit_entries SET seq = -(seq + 1) WHERE seq >= ?", at);
            update(server, "UPDATE audit_entries SET seq = -seq WHERE seq < 0");
            insertForged(server, at, randomHash());
            update(server, "UPDATE audit_head SET seq = ? WHERE id = 1", log.lastSeq() + 1);

            assertBrokenAt(verify(server), at, AuditFinding.HASH_MISMATCH);
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void swappedEntriesAreReportedAtTheLowerSequence(Store store) {
        try (TestServer server = TestServer.givenServer(store)) {
            Signed log = givenSignedActivity(server);
            long lower = 4;
            long upper = 8;
            assertThat(entry(server, lower).record())
                    .isNotEqualTo(entry(server, upper).record());

            update(server, "UPDATE audit_entries SET seq = -1 WHERE seq = ?", lower);
            update(server, "UPDATE audit_entries SET seq = ? WHERE seq = ?", lower, upper);
            update(server, "UPDATE audit_entries SET seq = ? WHERE seq = -1", upper);

            JsonNode v = verify(server);
            assertBrokenAt(v, lower, AuditFinding.HASH_MISMATCH);
            assertThat(findings(v))
                    .contains(
                            tuple(AuditFinding.HASH_MISMATCH, upper),
                            tuple(AuditFinding.CHECKPOINT_MISMATCH, log.checkpointSeq()));
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void chainRewrittenFromAChangedEntryIsCaughtByTheCheckpoint(Store store) {
        try (TestServer server = TestServer.givenServer(store)) {
            Signed log = givenSignedActivity(server);

            update(server, "UPDATE audit_entries SET reason = ? WHERE seq = ?", "rewritten history", 5L);
            rehashFrom(server, 5);

            JsonNode v = verify(server);
            // every stored hash chains again: only the signed checkpoint knows the chain was different
            assertBrokenAt(v, log.checkpointSeq(), AuditFinding.CHECKPOINT_MISMATCH);
            assertThat(findings(v)).containsExactly(tuple(AuditFinding.CHECKPOINT_MISMATCH, log.checkpointSeq()));
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void entriesCutFromTheEndBeforeACheckpointAreReportedBeyondTheLog(Store store) {
        try (TestServer server = TestServer.givenServer(store)) {
            Signed log = givenSignedActivity(server);
            long keep = log.checkpointSeq() - 2;
            AuditEntry last = entry(server, keep);

            update(server, "DELETE FROM audit_entries WHERE seq > ?", keep);
            update(server, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", keep, last.hash());

            JsonNode v = verify(server);
            assertBrokenAt(v, keep + 1, AuditFinding.CHECKPOINT_BEYOND_LOG);
            assertThat(v.get("lastSeq").asLong()).isEqualTo(keep);
            assertThat(findings(v)).containsExactly(tuple(AuditFinding.CHECKPOINT_BEYOND_LOG, keep + 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void untouchedExportVerifiesOfflineWithThePublicKey(Store store) throws IOException {
        try (TestServer server = TestServer.givenServer(store)) {
            givenSignedActivity(server);
            Path export = export(server);
            Path key = publicKey(server);

            CliRun run = cli("audit", "verify", "--file", export.toString(), "--key", key.toString(), "--json");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            JsonNode v = Api.JSON.readTree(run.out());
            assertThat(v.get("ok").asBoolean()).isTrue();
            assertThat(v.get("checkpoints").asLong()).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void editedExportLineIsNamedByOfflineVerification(Store store) throws IOException {
        try (TestServer server = TestServer.givenServer(store)) {
            givenSignedActivity(server);
            Path export = export(server);
            Path key = publicKey(server);
            long edited = 6;

            List<String> lines = new ArrayList<>(Files.readAllLines(export, StandardCharsets.UTF_8));
            int index = lineOfEntry(lines, edited);
            String original = lines.get(index);
            String forged = original.replaceFirst("\"actor\":\"[^\"]*\"", "\"actor\":\"usr_someone_else\"");
            assertThat(forged).isNotEqualTo(original);
            lines.set(index, forged);
            Files.write(export, lines, StandardCharsets.UTF_8);

            CliRun json = cli("audit", "verify", "--file", export.toString(), "--key", key.toString(), "--json");
            CliRun text = cli("audit", "verify", "--file", export.toString(), "--key", key.toString());

            assertThat(json.exitCode()).as(json.toString()).isEqualTo(1);
            assertBrokenAt(Api.JSON.readTree(json.out()), edited, AuditFinding.CONTENT_MISMATCH);
            assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
            assertThat(text.out()).contains("seq " + edited + "  " + AuditFinding.CONTENT_MISMATCH);
        }
    }

    /** What the log looks like after {@link #givenSignedActivity}. */
    private record Signed(long checkpointSeq, long lastSeq) {}

    /**
     * Audited activity (an organization, users with tokens, a revocation), a signed checkpoint, activity after it,
     * and a clean verification: whatever is found later was caused by the test.
     */
    private static Signed givenSignedActivity(TestServer server) {
        String org = server.givenOrganization("Tamper Co", "manufacturer");
        for (int i = 0; i < 4; i++) {
            TestServer.Actor user = server.givenUser(org, "operator");
            Api.Response token = server.api()
                    .post(
                            "/api/v1/tokens",
                            server.adminToken(),
                            Map.of("user", user.id(), "name", "ci-" + i, "ttlDays", 7));
            assertThat(token.status()).as("create token: %s", token).isEqualTo(201);
            if (i == 0) {
                Api.Response revoke = server.api()
                        .delete("/api/v1/tokens/" + token.json().get("id").asText(), server.adminToken());
                assertThat(revoke.status()).as("revoke token: %s", revoke).isEqualTo(204);
            }
        }
        Api.Response cp = server.api().post("/api/v1/audit/checkpoints", server.adminToken(), null);
        assertThat(cp.status()).as("sign checkpoint: %s", cp).isEqualTo(201);
        long checkpointSeq = cp.json().get("seq").asLong();
        assertThat(checkpointSeq).as("entries under the checkpoint").isGreaterThanOrEqualTo(10);
        server.givenUser(org, "auditor");

        JsonNode clean = verify(server);
        assertThat(clean.get("ok").asBoolean())
                .as("untampered log verifies: %s", clean)
                .isTrue();
        long last = lastStoredSeq(server);
        assertThat(last).isGreaterThan(checkpointSeq);
        return new Signed(checkpointSeq, last);
    }

    private static JsonNode verify(TestServer server) {
        Api.Response r = server.api().get("/api/v1/audit/verify", server.adminToken());
        assertThat(r.status()).as("verify: %s", r).isEqualTo(200);
        return r.json();
    }

    private static void assertBrokenAt(JsonNode verification, long seq, String findingId) {
        assertThat(verification.get("ok").asBoolean())
                .as("verification: %s", verification)
                .isFalse();
        assertThat(verification.get("firstBrokenSeq").asLong())
                .as("first broken seq in %s", verification)
                .isEqualTo(seq);
        assertThat(findings(verification)).as("findings").contains(tuple(findingId, seq));
    }

    private static List<org.assertj.core.groups.Tuple> findings(JsonNode verification) {
        List<org.assertj.core.groups.Tuple> all = new ArrayList<>();
        verification
                .get("findings")
                .forEach(f -> all.add(tuple(f.get("id").asText(), f.get("seq").asLong())));
        return all;
    }

    // --- the export and the command line

    private Path export(TestServer server) throws IOException {
        Api.Response r = server.api().get("/api/v1/audit/export", server.adminToken());
        assertThat(r.status()).as("export: %s", r).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/x-ndjson");
        return Files.writeString(tmp.resolve("audit.jsonl"), r.body(), StandardCharsets.UTF_8);
    }

    private Path publicKey(TestServer server) throws IOException {
        Api.Response r = server.api().get("/api/v1/audit/public-key", null);
        assertThat(r.status()).as("public key: %s", r).isEqualTo(200);
        assertThat(r.body()).contains("-----BEGIN PUBLIC KEY-----");
        return Files.writeString(tmp.resolve("audit-public-key.pem"), r.body(), StandardCharsets.US_ASCII);
    }

    private static int lineOfEntry(List<String> lines, long seq) throws IOException {
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = Api.JSON.readTree(lines.get(i));
            if ("entry".equals(n.path("type").asText()) && n.path("seq").asLong() == seq) {
                return i;
            }
        }
        throw new AssertionError("no entry " + seq + " in the export");
    }

    private static CliRun cli(String... args) {
        return CliRun.run(System.getenv(), args);
    }

    // --- raw JDBC under the server, as someone with database access would

    private static void update(TestServer server, String sql, Object... params) {
        try (Connection c = server.server().database().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static long lastStoredSeq(TestServer server) {
        // on PostgreSQL records wait for the sealer: listing seals them (and records nothing itself)
        assertThat(server.api()
                        .get("/api/v1/audit/entries?limit=1", server.adminToken())
                        .status())
                .isEqualTo(200);
        try (Connection c = server.server().database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM audit_entries");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long max = rs.getLong(1);
            c.rollback();
            return max;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuditEntry entry(TestServer server, long seq) {
        List<AuditEntry> one = entriesFrom(server, seq);
        assertThat(one).as("entry %s", seq).isNotEmpty();
        return one.get(0);
    }

    private static List<AuditEntry> entriesFrom(TestServer server, long fromSeq) {
        String sql = "SELECT seq, time_ms, actor, org_id, action, target, outcome, reason, request_id, severity,"
                + " break_glass_id, hash FROM audit_entries WHERE seq >= ? ORDER BY seq";
        try (Connection c = server.server().database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fromSeq);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AuditRecord r = new AuditRecord(
                            rs.getString("actor"),
                            Optional.ofNullable(rs.getString("org_id")),
                            rs.getString("action"),
                            Optional.ofNullable(rs.getString("target")),
                            Outcome.fromWire(rs.getString("outcome")),
                            Optional.ofNullable(rs.getString("reason")),
                            Optional.ofNullable(rs.getString("request_id")),
                            Severity.fromWire(rs.getString("severity")),
                            Optional.ofNullable(rs.getString("break_glass_id")));
                    entries.add(new AuditEntry(
                            rs.getLong("seq"), Instant.ofEpochMilli(rs.getLong("time_ms")), r, rs.getString("hash")));
                }
            }
            c.rollback();
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Recomputes every hash from {@code fromSeq} on with the published algorithm, and moves the head along. */
    private static void rehashFrom(TestServer server, long fromSeq) {
        ChainHead head = new ChainHead(fromSeq - 1, entry(server, fromSeq - 1).hash());
        for (AuditEntry e : entriesFrom(server, fromSeq)) {
            AuditEntry rehashed = AuditChain.next(head, e.time(), e.record());
            assertThat(rehashed.seq()).isEqualTo(e.seq());
            update(server, "UPDATE audit_entries SET hash = ? WHERE seq = ?", rehashed.hash(), e.seq());
            head = new ChainHead(rehashed.seq(), rehashed.hash());
        }
        update(server, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", head.seq(), head.hash());
    }

    private static void insertForged(TestServer server, long seq, String hash) {
        AuditEntry model = entry(server, 2);
        update(
                server,
                "INSERT INTO audit_entries (seq, time_ms, actor, org_id, action, target, outcome, reason,"
                        + " request_id, severity, break_glass_id, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seq,
                model.time().toEpochMilli(),
                model.record().actor(),
                model.record().orgId().orElse(null),
                "user.update",
                "usr_victim",
                "success",
                "roles [admin]",
                "req_forged00000000",
                "info",
                null,
                hash);
    }

    private static String randomHash() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

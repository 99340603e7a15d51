package io.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import io.hallmark.core.CanonicalJson;
import io.hallmark.core.Jws;
import io.hallmark.core.Pem;
import io.hallmark.server.audit.AuditChain;
import io.hallmark.server.audit.AuditCheckpoint;
import io.hallmark.server.audit.AuditCheckpointer;
import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.audit.AuditExport;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.ChainHead;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit verify --file --key}: offline, without any server (no --url is given anywhere here). */
class AuditVerifyOfflineTest {
    static final Instant T0 = Instant.parse("2025-01-31T12:00:00.123Z");

    @TempDir
    Path dir;

    KeyPair auditKey;
    Path keyFile;
    List<AuditEntry> entries;

    @BeforeEach
    void chain() throws GeneralSecurityException, IOException {
        auditKey = ecKeyPair();
        keyFile = Files.writeString(dir.resolve("audit.pem"), Pem.publicKey(auditKey.getPublic()));
        entries = new ArrayList<>();
        ChainHead head = ChainHead.GENESIS;
        for (int i = 1; i <= 4; i++) {
            AuditEntry e = AuditChain.next(head, T0.plusSeconds(i), record("org.create", "org_" + i));
            entries.add(e);
            head = new ChainHead(e.seq(), e.hash());
        }
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static AuditRecord record(String action, String target) {
        return new AuditRecord(
                "usr_1",
                Optional.of("org_1"),
                action,
                Optional.of(target),
                Outcome.SUCCESS,
                Optional.empty(),
                Optional.of("req-1"),
                Severity.INFO,
                Optional.empty());
    }

    /** A checkpoint signed the way {@link AuditCheckpointer} signs one. */
    private static AuditCheckpoint checkpoint(AuditEntry at, KeyPair key) {
        Instant t = T0.plusSeconds(100);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("v", AuditChain.VERSION);
        payload.put("seq", at.seq());
        payload.put("head", at.hash());
        payload.put("time", AuditChain.formatTime(t));
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType(AuditCheckpointer.TYPE))
                .keyID("audit-1")
                .build();
        String jws = Jws.sign(header, CanonicalJson.write(payload).getBytes(StandardCharsets.UTF_8), data -> {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(key.getPrivate());
                s.update(data);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        return new AuditCheckpoint(at.seq(), at.hash(), t, jws);
    }

    private Path export(List<String> lines) throws IOException {
        return Files.write(dir.resolve("audit.jsonl"), lines, StandardCharsets.UTF_8);
    }

    private List<String> entryLines() {
        return new ArrayList<>(entries.stream().map(AuditExport::entryLine).toList());
    }

    private Cli.Result verify(Path file, String... more) {
        List<String> args =
                new ArrayList<>(List.of("audit", "verify", "--file", file.toString(), "--key", keyFile.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void intactExportVerifiesAndExitsZero() throws IOException {
        List<String> lines = entryLines();
        lines.add(AuditExport.checkpointLine(checkpoint(entries.get(3), auditKey)));

        Cli.Result r = verify(export(lines));

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).isEqualTo("ok: 4 entries, 1 checkpoints checked, last seq 4");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void tamperedEntryExitsOneNamingItsSeq() throws IOException {
        List<String> lines = entryLines();
        lines.set(1, lines.get(1).replace("\"org.create\"", "\"org.delete\""));

        Cli.Result r = verify(export(lines));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("breaks at seq 2").contains("seq 2  audit.entry.content-mismatch");
    }

    @Test
    void removedEntryIsASequenceGap() throws IOException {
        List<String> lines = entryLines();
        lines.remove(2);

        Cli.Result r = verify(export(lines));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("breaks at seq 3").contains("audit.entry.sequence-gap");
    }

    @Test
    void checkpointSignedWithAnotherKeyIsAFinding() throws Exception {
        List<String> lines = entryLines();
        lines.add(AuditExport.checkpointLine(checkpoint(entries.get(1), ecKeyPair())));

        Cli.Result r = verify(export(lines));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("audit.checkpoint.signature-invalid");
    }

    @Test
    void jsonOutputHasTheShapeOfTheServerAnswer() throws IOException {
        List<String> lines = entryLines();
        lines.set(3, lines.get(3).replace("\"usr_1\"", "\"usr_2\""));

        Cli.Result r = verify(export(lines), "--json");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("ok").asBoolean()).isFalse();
        assertThat(n.get("entries").asLong()).isEqualTo(4);
        assertThat(n.get("lastSeq").asLong()).isEqualTo(4);
        assertThat(n.get("firstBrokenSeq").asLong()).isEqualTo(4);
        assertThat(n.get("findings").get(0).get("id").asText()).isEqualTo("audit.entry.content-mismatch");
    }

    @Test
    void malformedLineIsAFinding() throws IOException {
        List<String> lines = entryLines();
        lines.add("{not json");

        Cli.Result r = verify(export(lines));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("audit.export.malformed");
    }

    @Test
    void fileWithoutKeyIsAUsageError() throws IOException {
        Path file = export(entryLines());

        Cli.Result r = Cli.run("audit", "verify", "--file", file.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--key");
    }

    @Test
    void keyThatIsNotAPemPublicKeyIsBadInput() throws IOException {
        Path file = export(entryLines());
        Files.writeString(keyFile, "not a key");

        Cli.Result r = verify(file);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is not an EC public key");
    }

    @Test
    void missingExportFileIsBadInput() {
        Cli.Result r = verify(dir.resolve("missing.jsonl"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("does not exist");
    }
}

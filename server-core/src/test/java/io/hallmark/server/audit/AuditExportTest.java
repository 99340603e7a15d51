package io.hallmark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditExportTest {
    @TempDir
    Path dir;

    private static PublicKey anyKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair().getPublic();
    }

    private List<String> lines(int n) {
        List<String> out = new ArrayList<>();
        ChainHead head = ChainHead.GENESIS;
        for (int i = 1; i <= n; i++) {
            AuditEntry e =
                    AuditChain.next(head, Instant.parse("2026-03-01T10:00:00.120Z"), AuditChainVerifierTest.record(i));
            out.add(i == 2 ? AuditExport.redactedLine(e) : AuditExport.entryLine(e));
            head = new ChainHead(e.seq(), e.hash());
        }
        return out;
    }

    @Test
    void exportedFileVerifiesOffline() throws Exception {
        Path f = dir.resolve("a.jsonl");
        Files.write(f, lines(5));
        AuditVerification v = AuditExport.verifyFile(f, anyKey());
        assertThat(v.ok()).isTrue();
        assertThat(v.entries()).isEqualTo(5);
    }

    @Test
    void editedLineInTheFileNamesItsSequence() throws Exception {
        List<String> l = lines(5);
        l.set(3, l.get(3).replace("\"usr_4\"", "\"usr_5\""));
        Path f = dir.resolve("b.jsonl");
        Files.write(f, l);
        AuditVerification v = AuditExport.verifyFile(f, anyKey());
        assertThat(v.firstBrokenSeq()).contains(4L);
    }

    @Test
    void timeRewrittenInAnotherFormIsAChange() throws Exception {
        List<String> l = lines(3);
        l.set(0, l.get(0).replace("10:00:00.120Z", "10:00:00.12Z"));
        Path f = dir.resolve("c.jsonl");
        Files.write(f, l);
        AuditVerification v = AuditExport.verifyFile(f, anyKey());
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBrokenSeq()).contains(1L);
    }

    @Test
    void garbageLineIsReportedNotThrown() throws Exception {
        List<String> l = lines(3);
        l.add(1, "{not json");
        Path f = dir.resolve("d.jsonl");
        Files.write(f, l);
        AuditVerification v = AuditExport.verifyFile(f, anyKey());
        assertThat(v.findings()).extracting(AuditFinding::id).contains(AuditFinding.MALFORMED);
    }
}

package io.hallmark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import io.hallmark.core.CanonicalJson;
import io.hallmark.core.Jws;
import java.nio.charset.StandardCharsets;
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

class AuditChainVerifierTest {
    private KeyPair key;
    private List<AuditEntry> chain;

    @BeforeEach
    void buildChain() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        key = g.generateKeyPair();
        chain = new ArrayList<>();
        ChainHead head = ChainHead.GENESIS;
        for (int i = 1; i <= 10; i++) {
            AuditEntry e =
                    AuditChain.next(head, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), record(i));
            chain.add(e);
            head = new ChainHead(e.seq(), e.hash());
        }
    }

    static AuditRecord record(int i) {
        return new AuditRecord(
                "usr_" + i,
                Optional.of(i % 2 == 0 ? "org_a" : "org_b"),
                "thing.do",
                Optional.of("target-" + i),
                Outcome.SUCCESS,
                Optional.empty(),
                Optional.of("req-" + i),
                Severity.INFO,
                Optional.empty());
    }

    AuditCheckpoint checkpoint(AuditEntry at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("v", 1);
        payload.put("seq", at.seq());
        payload.put("head", at.hash());
        Instant t = Instant.parse("2026-01-02T00:00:00Z");
        payload.put("time", AuditChain.formatTime(t));
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType(AuditCheckpointer.TYPE))
                .build();
        String jws = Jws.sign(header, CanonicalJson.write(payload).getBytes(StandardCharsets.UTF_8), data -> {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(key.getPrivate());
                s.update(data);
                return s.sign();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return new AuditCheckpoint(at.seq(), at.hash(), t, jws);
    }

    AuditVerification verify(List<AuditEntry> entries, List<AuditCheckpoint> checkpoints) {
        AuditChainVerifier v = new AuditChainVerifier(checkpoints, key.getPublic());
        entries.forEach(e -> v.accept(ExportedEntry.full(e)));
        return v.finish();
    }

    static AuditEntry withActor(AuditEntry e, String actor) {
        AuditRecord r = e.record();
        return new AuditEntry(
                e.seq(),
                e.time(),
                new AuditRecord(
                        actor,
                        r.orgId(),
                        r.action(),
                        r.target(),
                        r.outcome(),
                        r.reason(),
                        r.requestId(),
                        r.severity(),
                        r.breakGlassId()),
                e.hash());
    }

    @Test
    void untouchedChainWithCheckpointsVerifies() {
        AuditVerification v = verify(chain, List.of(checkpoint(chain.get(4)), checkpoint(chain.get(9))));
        assertThat(v.ok()).isTrue();
        assertThat(v.entries()).isEqualTo(10);
        assertThat(v.checkpoints()).isEqualTo(2);
        assertThat(v.firstBrokenSeq()).isEmpty();
    }

    @Test
    void changedEntryBreaksAtItsSequence() {
        chain.set(6, withActor(chain.get(6), "usr_mallory"));
        AuditVerification v = verify(chain, List.of());
        assertThat(v.firstBrokenSeq()).contains(7L);
        assertThat(v.findings()).extracting(AuditFinding::id).containsExactly(AuditFinding.HASH_MISMATCH);
    }

    @Test
    void removedEntryIsAGapAtItsSequence() {
        chain.remove(3);
        AuditVerification v = verify(chain, List.of());
        assertThat(v.firstBrokenSeq()).contains(4L);
        assertThat(v.findings()).extracting(AuditFinding::id).contains(AuditFinding.SEQUENCE_GAP);
    }

    @Test
    void insertedEntryBreaksWhereItWasPut() {
        AuditEntry fake = AuditChain.next(new ChainHead(5, chain.get(4).hash()), Instant.now(), record(99));
        chain.add(5, fake); // a second entry 6
        AuditVerification v = verify(chain, List.of());
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBrokenSeq()).contains(6L);
    }

    @Test
    void swappedEntriesBreakAtTheFirstOfThem() {
        AuditEntry a = chain.get(2);
        AuditEntry b = chain.get(5);
        chain.set(2, b);
        chain.set(5, a);
        AuditVerification v = verify(chain, List.of());
        assertThat(v.firstBrokenSeq()).contains(3L);
        assertThat(v.findings()).extracting(AuditFinding::id).contains(AuditFinding.SEQUENCE_ORDER);
    }

    @Test
    void rewrittenChainIsCaughtByTheCheckpoint() {
        List<AuditCheckpoint> cps = List.of(checkpoint(chain.get(7)));
        // an attacker changes entry 3 and recomputes every hash after it
        List<AuditEntry> forged = new ArrayList<>();
        ChainHead head = ChainHead.GENESIS;
        for (AuditEntry e : chain) {
            AuditRecord r = e.seq() == 3 ? withActor(e, "usr_mallory").record() : e.record();
            AuditEntry f = AuditChain.next(head, e.time(), r);
            forged.add(f);
            head = new ChainHead(f.seq(), f.hash());
        }
        AuditVerification v = verify(forged, cps);
        assertThat(v.findings()).extracting(AuditFinding::id).containsExactly(AuditFinding.CHECKPOINT_MISMATCH);
        assertThat(v.firstBrokenSeq()).contains(8L);
    }

    @Test
    void entriesCutBeforeASignedCheckpointAreDetected() {
        List<AuditCheckpoint> cps = List.of(checkpoint(chain.get(9)));
        AuditVerification v = verify(chain.subList(0, 7), cps);
        assertThat(v.findings()).extracting(AuditFinding::id).containsExactly(AuditFinding.CHECKPOINT_BEYOND_LOG);
        assertThat(v.firstBrokenSeq()).contains(8L);
    }

    @Test
    void entriesCutAfterTheLastCheckpointAreNotDetectableWithoutAWitness() {
        // documented limit: the remedy is an external witness of checkpoints
        List<AuditCheckpoint> cps = List.of(checkpoint(chain.get(4)));
        assertThat(verify(chain.subList(0, 8), cps).ok()).isTrue();
    }

    @Test
    void forgedCheckpointSignatureIsReported() throws Exception {
        AuditCheckpoint good = checkpoint(chain.get(4));
        String jws = good.jws();
        String tampered = jws.substring(0, jws.length() - 4) + (jws.endsWith("AAAA") ? "BBBB" : "AAAA");
        AuditCheckpoint bad = new AuditCheckpoint(good.seq(), good.head(), good.time(), tampered);
        AuditVerification v = verify(chain, List.of(bad));
        assertThat(v.findings()).extracting(AuditFinding::id).contains(AuditFinding.CHECKPOINT_SIGNATURE);
    }

    @Test
    void checkpointSignedByAnotherKeyIsReported() throws Exception {
        AuditCheckpoint cp = checkpoint(chain.get(4));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        AuditChainVerifier v =
                new AuditChainVerifier(List.of(cp), g.generateKeyPair().getPublic());
        chain.forEach(e -> v.accept(ExportedEntry.full(e)));
        assertThat(v.finish().findings()).extracting(AuditFinding::id).contains(AuditFinding.CHECKPOINT_SIGNATURE);
    }

    @Test
    void redactedEntriesStillChainAndVerify() {
        AuditChainVerifier v = new AuditChainVerifier(List.of(checkpoint(chain.get(9))), key.getPublic());
        chain.forEach(e -> v.accept(e.seq() % 2 == 0 ? ExportedEntry.full(e) : ExportedEntry.redacted(e)));
        assertThat(v.finish().ok()).isTrue();
    }
}

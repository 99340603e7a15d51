package io.hallmark.server.audit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import io.hallmark.core.Jws;
import io.hallmark.core.UntrustedInputException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Verifies an audit chain and its signed checkpoints. Pure: it is fed entries in the order they were stored or
 * exported and reports every finding, with the first sequence number where the chain breaks.
 *
 * <p>What it detects: an entry changed (its hash no longer matches), removed (a gap in the sequence), inserted or
 * moved (a repeated or backward sequence, or a hash that no longer chains), a chain rewritten from some entry on (the
 * recomputed hash at a checkpoint differs from the signed one), a checkpoint forged (bad signature) and entries cut
 * from the end up to a checkpoint. What it cannot detect alone: entries cut after the last checkpoint, when the
 * attacker also removes nothing signed; publishing checkpoints to an external witness closes that gap.
 *
 * <p>Use: {@code new AuditChainVerifier(checkpoints, key)}, {@link #accept} each entry, then {@link #finish()}.
 */
public final class AuditChainVerifier {
    private final Map<Long, AuditCheckpoint> checkpointsBySeq = new TreeMap<>();
    private final List<AuditFinding> findings = new ArrayList<>();
    private final PublicKey key;
    private long expectedSeq = 1;
    private String storedPrev = ChainHead.GENESIS.hash();
    private String computedPrev = ChainHead.GENESIS.hash();
    private long entries;
    private long lastSeq;
    private long checkpointsChecked;

    /**
     * Creates a verifier for a log with {@code checkpoints}, signed by {@code key}.
     *
     * @param key the audit checkpoint public key (P-256)
     */
    public AuditChainVerifier(List<AuditCheckpoint> checkpoints, PublicKey key) {
        this.key = key;
        for (AuditCheckpoint c : checkpoints) {
            checkSignature(c);
            checkpointsBySeq.merge(c.seq(), c, (a, b) -> a);
        }
    }

    /** Feeds the next entry, in stored order. */
    public void accept(ExportedEntry item) {
        entries++;
        long seq = item.seq();
        if (seq != expectedSeq) {
            if (seq > expectedSeq) {
                add(
                        AuditFinding.SEQUENCE_GAP,
                        expectedSeq,
                        "entries " + expectedSeq + (seq - 1 > expectedSeq ? ".." + (seq - 1) : "") + " are missing");
            } else {
                add(AuditFinding.SEQUENCE_ORDER, seq, "entry " + seq + " follows entry " + (expectedSeq - 1));
            }
        }
        String content = item.contentHash();
        if (item.entry().isPresent()) {
            AuditEntry e = item.entry().get();
            String recomputed = AuditChain.contentHash(e.seq(), e.time(), e.record());
            if (!recomputed.equals(content)) {
                add(AuditFinding.CONTENT_MISMATCH, seq, "entry " + seq + " does not match its content hash");
            }
            content = recomputed;
        }
        String linked = AuditChain.link(seq, storedPrev, content);
        if (!linked.equals(item.hash())) {
            add(AuditFinding.HASH_MISMATCH, seq, "entry " + seq + " does not hash to its stored hash");
        }
        computedPrev = AuditChain.link(seq, computedPrev, content);
        AuditCheckpoint cp = checkpointsBySeq.get(seq);
        if (cp != null) {
            checkpointsChecked++;
            if (!cp.head().equals(computedPrev)) {
                add(
                        AuditFinding.CHECKPOINT_MISMATCH,
                        seq,
                        "the chain up to entry " + seq + " differs from the signed checkpoint at " + cp.time());
            }
        }
        storedPrev = item.hash();
        expectedSeq = Math.max(expectedSeq, seq + 1);
        lastSeq = Math.max(lastSeq, seq);
    }

    /** Records a line or item that could not be read at all. */
    public void malformed(long approximateSeq, String message) {
        add(AuditFinding.MALFORMED, approximateSeq, message);
    }

    /** Ends verification and returns the report. */
    public AuditVerification finish() {
        for (AuditCheckpoint cp : checkpointsBySeq.values()) {
            if (cp.seq() > lastSeq) {
                add(
                        AuditFinding.CHECKPOINT_BEYOND_LOG,
                        lastSeq + 1,
                        "a checkpoint signed " + cp.seq() + " entries but the log ends at " + lastSeq);
            }
        }
        Optional<Long> first = findings.stream().map(AuditFinding::seq).min(Long::compare);
        return new AuditVerification(entries, checkpointsChecked, lastSeq, first, List.copyOf(findings));
    }

    private void checkSignature(AuditCheckpoint c) {
        try {
            JWSObject jws = Jws.verify(c.jws(), key, JWSAlgorithm.ES256);
            Map<String, Object> claims = jws.getPayload().toJSONObject();
            Object seq = claims == null ? null : claims.get("seq");
            boolean same = claims != null
                    && seq instanceof Number n
                    && n.longValue() == c.seq()
                    && c.head().equals(claims.get("head"))
                    && AuditChain.formatTime(c.time()).equals(claims.get("time"));
            if (!same) {
                add(
                        AuditFinding.CHECKPOINT_SIGNATURE,
                        c.seq(),
                        "checkpoint " + c.seq() + " differs from what it signs");
            }
        } catch (UntrustedInputException e) {
            add(AuditFinding.CHECKPOINT_SIGNATURE, c.seq(), "checkpoint " + c.seq() + ": " + e.getMessage());
        }
    }

    private void add(String id, long seq, String message) {
        findings.add(new AuditFinding(id, seq, message));
    }
}

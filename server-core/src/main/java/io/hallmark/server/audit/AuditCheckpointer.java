package io.hallmark.server.audit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import io.hallmark.core.CanonicalJson;
import io.hallmark.core.Checks;
import io.hallmark.core.Jws;
import io.hallmark.server.persistence.Transactor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signs checkpoints of the audit chain: the sequence and head hash at a moment, as a compact JWS (ES256) made with
 * the audit key in the vault.
 *
 * <p>{@link #checkpointIfDue} is called on a schedule and makes a checkpoint when at least {@code everyEntries} new
 * entries exist, or when any new entry is older than {@code everySeconds}.
 */
public final class AuditCheckpointer {
    /** The JWS {@code typ} of a checkpoint. */
    public static final String TYPE = "hallmark-audit-checkpoint+jws";

    private final Transactor tx;
    private final Jws.DerSigner signer;
    private final String keyId;
    private final Clock clock;
    private final long everyEntries;
    private final long everySeconds;
    private final CheckpointWitness witness;

    /**
     * Creates the checkpointer.
     *
     * @param signer signs with the audit key (P-256) in the vault
     * @param keyId the {@code kid} written into each checkpoint
     * @param everyEntries make a checkpoint after this many new entries (default 1000)
     * @param everySeconds or when the newest unsigned entry is this old (default 60)
     */
    public AuditCheckpointer(
            Transactor tx,
            Jws.DerSigner signer,
            String keyId,
            Clock clock,
            long everyEntries,
            long everySeconds,
            CheckpointWitness witness) {
        this.tx = Checks.notNull(tx, "tx");
        this.signer = Checks.notNull(signer, "signer");
        this.keyId = Checks.notBlank(keyId, "keyId");
        this.clock = Checks.notNull(clock, "clock");
        this.everyEntries = Checks.positive(everyEntries, "everyEntries");
        this.everySeconds = Checks.positive(everySeconds, "everySeconds");
        this.witness = Checks.notNull(witness, "witness");
    }

    /** Makes a checkpoint if one is due; returns it. */
    public Optional<AuditCheckpoint> checkpointIfDue() {
        return make(false);
    }

    /** Makes a checkpoint now if any entry is not yet covered; returns it. */
    public Optional<AuditCheckpoint> checkpointNow() {
        return make(true);
    }

    private Optional<AuditCheckpoint> make(boolean force) {
        Instant now = clock.instant();
        Optional<AuditCheckpoint> made = tx.inTransaction(stores -> {
            AuditStore store = stores.audit();
            ChainHead head = store.lockHead();
            long covered = store.latestCheckpoint().map(AuditCheckpoint::seq).orElse(0L);
            if (head.seq() <= covered) {
                return Optional.empty();
            }
            if (!force && head.seq() - covered < everyEntries) {
                Instant oldestUncovered = store.range(covered + 1, 1).get(0).time();
                if (oldestUncovered.plusSeconds(everySeconds).isAfter(now)) {
                    return Optional.empty();
                }
            }
            AuditCheckpoint cp = sign(head, now);
            store.insertCheckpoint(cp);
            return Optional.of(cp);
        });
        made.ifPresent(this::sendToWitness);
        return made;
    }

    private void sendToWitness(AuditCheckpoint cp) {
        try {
            witness.publish(cp);
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(AuditCheckpointer.class)
                    .warn("audit checkpoint {} not delivered to the witness: {}", cp.seq(), e.toString());
        }
    }

    AuditCheckpoint sign(ChainHead head, Instant now) {
        Instant t = Instant.ofEpochMilli(now.toEpochMilli());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("v", AuditChain.VERSION);
        payload.put("seq", head.seq());
        payload.put("head", head.hash());
        payload.put("time", AuditChain.formatTime(t));
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType(TYPE))
                .keyID(keyId)
                .build();
        String jws = Jws.sign(header, CanonicalJson.write(payload).getBytes(StandardCharsets.UTF_8), signer);
        return new AuditCheckpoint(head.seq(), head.hash(), t, jws);
    }
}

package io.hallmark.server.vault;

import io.hallmark.core.Checks;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.persistence.Transactor;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.KeyManager;

/**
 * A {@link KeyVault} that records key use in the audit log: every key made and every certificate chain stored, one
 * entry each; and the signatures of each key other than those whose every signature is itself stored and signed
 * (the audit checkpoint key; recording those would feed the log with its own checkpoints), as a tally per key.
 *
 * <p>Signatures are tallied, not recorded one by one: {@link #flushSignatures} writes one {@code vault.key.sign}
 * entry per key with the number of signatures, their algorithm and the time span, and the server calls it every
 * second, when a tally reaches {@value #MAX_TALLY}, and when it stops. Every operation that makes a signature on
 * request (a certificate issued at the factory or over EST, a voucher, a checkpoint) has its own audit entry written
 * with its change; an entry per signature would add a commit to each of them, and let anyone who asks for signed OCSP
 * answers with nonces fill the log. What a crash loses is the tally of the last second, never the operations.
 *
 * <p>Key and certificate records are written in their own transaction, so callers must not make keys inside a
 * transaction of theirs.
 */
public final class AuditedKeyVault implements KeyVault {
    private final KeyVault vault;
    private final Transactor tx;
    private final AuditLog audit;
    private final Set<String> quietAliases;
    private final Clock clock;
    private final ConcurrentHashMap<String, Tally> tallies = new ConcurrentHashMap<>();

    /** The most signatures of one key before its tally is written at once. */
    static final int MAX_TALLY = 10_000;

    /** Signatures of one key since the last flush. */
    private static final class Tally {
        private final String algorithm;
        private final Instant first;
        private final LongAdder count = new LongAdder();

        Tally(String algorithm, Instant first) {
            this.algorithm = algorithm;
            this.first = first;
        }
    }

    /**
     * Wraps {@code vault}.
     *
     * @param quietAliases aliases whose signatures are not recorded one by one
     */
    public AuditedKeyVault(KeyVault vault, Transactor tx, AuditLog audit, Set<String> quietAliases) {
        this(vault, tx, audit, quietAliases, Clock.systemUTC());
    }

    /** Wraps {@code vault}; {@code clock} stamps the tallies. */
    public AuditedKeyVault(KeyVault vault, Transactor tx, AuditLog audit, Set<String> quietAliases, Clock clock) {
        this.vault = Checks.notNull(vault, "vault");
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.quietAliases = Set.copyOf(quietAliases);
        this.clock = Checks.notNull(clock, "clock");
    }

    /** Writes one {@code vault.key.sign} entry per key that signed since the last flush; returns how many. */
    public int flushSignatures() {
        int written = 0;
        for (String alias : List.copyOf(tallies.keySet())) {
            Tally t = tallies.remove(alias);
            if (t == null) {
                continue;
            }
            long n = t.count.sum();
            if (n == 0) {
                continue;
            }
            record(
                    "vault.key.sign",
                    alias,
                    n + " signature" + (n == 1 ? "" : "s") + " (" + t.algorithm + ") from " + t.first + " to "
                            + clock.instant());
            written++;
        }
        return written;
    }

    @Override
    public boolean contains(String alias) {
        return vault.contains(alias);
    }

    @Override
    public PublicKey generate(String alias, KeyType type) {
        PublicKey key = vault.generate(alias, type);
        record("vault.key.generate", alias, type.name());
        return key;
    }

    @Override
    public Optional<PublicKey> publicKey(String alias) {
        return vault.publicKey(alias);
    }

    @Override
    public byte[] sign(String alias, String jcaAlgorithm, byte[] data) {
        byte[] signature = vault.sign(alias, jcaAlgorithm, data);
        if (!quietAliases.contains(alias)) {
            Tally t = tallies.computeIfAbsent(alias, a -> new Tally(jcaAlgorithm, clock.instant()));
            t.count.increment();
            if (t.count.sum() >= MAX_TALLY) {
                flushSignatures();
            }
        }
        return signature;
    }

    @Override
    public void setCertificateChain(String alias, List<X509Certificate> chain) {
        vault.setCertificateChain(alias, chain);
        X509Certificate leaf = chain.get(0);
        record(
                "vault.certificate.store",
                alias,
                leaf.getSubjectX500Principal().getName() + ", serial "
                        + leaf.getSerialNumber().toString(16) + ", until "
                        + leaf.getNotAfter().toInstant());
    }

    @Override
    public List<X509Certificate> certificateChain(String alias) {
        return vault.certificateChain(alias);
    }

    @Override
    public KeyManager[] keyManagers(String alias) {
        return vault.keyManagers(alias);
    }

    private void record(String action, String alias, String detail) {
        AuditRecord r = new AuditRecord(
                "system",
                Optional.empty(),
                action,
                Optional.of(alias),
                Outcome.SUCCESS,
                Optional.of(detail),
                Optional.empty(),
                Severity.INFO,
                Optional.empty());
        tx.inTransaction(s -> {
            audit.record(s, r);
            return null;
        });
    }

    @Override
    public String toString() {
        return "AuditedKeyVault[" + vault + "]";
    }
}

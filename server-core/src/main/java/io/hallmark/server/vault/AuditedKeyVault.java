package io.hallmark.server.vault;

import io.hallmark.core.Checks;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.persistence.Transactor;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;

/**
 * A {@link KeyVault} that records key use in the audit log: every key made, every certificate chain stored, and
 * every signature with a key other than those whose every signature is itself stored and signed (the audit
 * checkpoint key; recording those would feed the log with its own checkpoints).
 *
 * <p>Each record is written in its own transaction, so callers must not sign inside a transaction of theirs with an
 * audited alias; such callers record the key use with their change instead.
 */
public final class AuditedKeyVault implements KeyVault {
    private final KeyVault vault;
    private final Transactor tx;
    private final AuditLog audit;
    private final Set<String> quietAliases;

    /**
     * Wraps {@code vault}.
     *
     * @param quietAliases aliases whose signatures are not recorded one by one
     */
    public AuditedKeyVault(KeyVault vault, Transactor tx, AuditLog audit, Set<String> quietAliases) {
        this.vault = Checks.notNull(vault, "vault");
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.quietAliases = Set.copyOf(quietAliases);
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
            record("vault.key.sign", alias, jcaAlgorithm + ", " + data.length + " bytes");
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

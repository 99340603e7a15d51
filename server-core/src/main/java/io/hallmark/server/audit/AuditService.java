package io.hallmark.server.audit;

import io.hallmark.core.Checks;
import io.hallmark.core.Pem;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.Permission;
import io.hallmark.server.access.Principal;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Reading, exporting and verifying the audit log, for people holding the audit permissions.
 *
 * <p>Members of an organization see that organization's entries; platform administrators see all. An export for
 * an organization still carries every entry of the chain, with other organizations' entries redacted to their
 * hashes, so the reader can verify the whole chain without seeing others' data.
 */
public final class AuditService {
    private static final int BATCH = 1000;
    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AuditCheckpointer checkpointer;
    private final PublicKey publicKey;

    /** Creates the service; {@code publicKey} verifies checkpoints. */
    public AuditService(
            Transactor tx, AuditLog audit, Guard guard, AuditCheckpointer checkpointer, PublicKey publicKey) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.checkpointer = Checks.notNull(checkpointer, "checkpointer");
        this.publicKey = Checks.notNull(publicKey, "publicKey");
    }

    /** Entries matching {@code query}, newest first; limited to the caller's organization unless platform admin. */
    public Page<AuditEntry> list(Caller caller, AuditQuery query, PageRequest page) {
        Principal p = caller.principal();
        String target = query.orgId().orElse(p.orgId());
        guard.check(caller, Permission.AUDIT_READ, target, "audit.list", target);
        AuditQuery scoped = p.isPlatformAdmin() ? query : withOrg(query, p.orgId());
        audit.sealPending(tx);
        return tx.read(s -> s.audit().list(scoped, page));
    }

    /** Every checkpoint, ascending. */
    public List<AuditCheckpoint> checkpoints(Caller caller) {
        guard.check(caller, Permission.AUDIT_READ, caller.principal().orgId(), "audit.checkpoints", "checkpoints");
        return tx.read(s -> s.audit().checkpoints());
    }

    /** Signs a checkpoint now if entries were appended since the last one. */
    public Optional<AuditCheckpoint> checkpointNow(Caller caller) {
        guard.check(caller, Permission.AUDIT_VERIFY, caller.principal().orgId(), "audit.checkpoint", "checkpoint");
        audit.sealPending(tx);
        Optional<AuditCheckpoint> cp = checkpointer.checkpointNow();
        cp.ifPresent(c -> tx.inTransaction(s -> {
            audit.record(
                    s, caller.success("audit.checkpoint", caller.principal().orgId(), "seq " + c.seq()));
            return null;
        }));
        return cp;
    }

    /**
     * Writes the export (JSON Lines) to {@code out}: every checkpoint, then every entry, in full when the caller may
     * see it and redacted otherwise. The export itself is audited.
     */
    public void export(Caller caller, Writer out) {
        Principal p = caller.principal();
        guard.check(caller, Permission.AUDIT_EXPORT, p.orgId(), "audit.export", "export");
        tx.inTransaction(s -> {
            audit.record(s, caller.success("audit.export", p.orgId(), "export"));
            return null;
        });
        audit.sealPending(tx);
        try {
            for (AuditCheckpoint c : tx.read(s -> s.audit().checkpoints())) {
                out.write(AuditExport.checkpointLine(c));
                out.write('\n');
            }
            long from = 1;
            while (true) {
                long start = from;
                List<AuditEntry> batch = tx.read(s -> s.audit().range(start, BATCH));
                for (AuditEntry e : batch) {
                    boolean visible = p.isPlatformAdmin()
                            || e.record().orgId().filter(p.orgId()::equals).isPresent();
                    out.write(visible ? AuditExport.entryLine(e) : AuditExport.redactedLine(e));
                    out.write('\n');
                }
                if (batch.size() < BATCH) {
                    break;
                }
                from = batch.get(batch.size() - 1).seq() + 1;
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Verifies the whole stored chain and its checkpoints. */
    public AuditVerification verify(Caller caller) {
        guard.check(caller, Permission.AUDIT_VERIFY, caller.principal().orgId(), "audit.verify", "chain");
        AuditVerification result = verifyStored();
        tx.inTransaction(s -> {
            audit.record(
                    s,
                    caller.record(
                            "audit.verify",
                            Optional.of(caller.principal().orgId()),
                            "chain",
                            result.ok() ? Outcome.SUCCESS : Outcome.FAILURE,
                            result.ok()
                                    ? result.entries() + " entries verified"
                                    : "chain broken at "
                                            + result.firstBrokenSeq().orElse(0L),
                            result.ok() ? Severity.INFO : Severity.HIGH));
            return null;
        });
        return result;
    }

    /** Verifies the stored chain without a caller (start-up self-check, tests). */
    public AuditVerification verifyStored() {
        audit.sealPending(tx);
        AuditChainVerifier v = new AuditChainVerifier(tx.read(s -> s.audit().checkpoints()), publicKey);
        long from = 1;
        while (true) {
            long start = from;
            List<AuditEntry> batch = tx.read(s -> s.audit().range(start, BATCH));
            batch.forEach(e -> v.accept(ExportedEntry.full(e)));
            if (batch.size() < BATCH) {
                break;
            }
            from = batch.get(batch.size() - 1).seq() + 1;
        }
        return v.finish();
    }

    /** Records an allowed act that failed (bad values, a conflict), in its own transaction. */
    public void recordFailure(AuditRecord record) {
        tx.inTransaction(s -> {
            audit.record(s, record);
            return null;
        });
    }

    /** The audit public key as PEM, for anyone who wants to verify an export. */
    public String publicKeyPem() {
        return Pem.publicKey(publicKey);
    }

    private static AuditQuery withOrg(AuditQuery q, String orgId) {
        return new AuditQuery(
                Optional.of(orgId), q.actor(), q.action(), q.outcome(), q.severity(), q.since(), q.until());
    }
}

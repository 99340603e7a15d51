package io.hallmark.server.update;

import io.hallmark.core.Checks;
import io.hallmark.protocol.tuf.Metadata.MetaFile;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renewals of the product roles signed by release managers' offline keys. The server re-signs its online roles
 * before they expire (TUF §4.5: every role has an expiry, and a client refuses an expired one, §5.6.6); it cannot
 * sign an offline role, so when the version a role's snapshot lists enters the last quarter of its life (90 days:
 * about 22 days before it expires), the server prepares the role's next version with the same entries, unsigned, for
 * the managers ({@code hallmark update product-key sign}), and says so: an audit entry here, and a security event
 * that the caller publishes (webhooks deliver it). Once prepared, a renewal is not prepared again until the managers
 * complete it.
 */
public final class TufRoleRenewals {
    private final Transactor tx;
    private final AuditLog audit;
    private final TufRepositoryService repositories;
    private final Clock clock;

    /**
     * A renewal prepared for an offline role.
     *
     * @param orgId the manufacturer
     * @param role {@code product-<dir>}
     * @param version the version waiting for signatures
     * @param expires when the version clients hold now expires
     */
    public record Renewal(String orgId, String role, int version, Instant expires) {}

    TufRoleRenewals(Transactor tx, AuditLog audit, TufRepositoryService repositories, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.repositories = Checks.notNull(repositories, "repositories");
        this.clock = Checks.notNull(clock, "clock");
    }

    /** Prepares the renewals now due; called periodically by the server. Returns those prepared. */
    public List<Renewal> prepareDue() {
        Instant now = clock.instant();
        List<Renewal> prepared = new ArrayList<>();
        for (TufProductRole candidate : tx.read(s -> s.tufRepositories().offlineRoles())) {
            String orgId = candidate.orgId();
            String role = candidate.role();
            // checked without a lock first: nearly always nothing is due, and the repository stays free
            if (tx.read(s -> due(s, orgId, role, now)).isEmpty()) {
                continue;
            }
            Optional<Renewal> r = tx.inTransaction(s -> renew(s, orgId, role, now));
            if (r.isPresent()) {
                repositories.committed(orgId);
                prepared.add(r.get());
            }
        }
        return prepared;
    }

    /** The renewal the role needs now: its listed version is in its last quarter and nothing awaits signatures. */
    private static Optional<Renewal> due(Stores s, String orgId, String role, Instant now) {
        Optional<TufRepositoryState> st = s.tufRepositories().find(orgId);
        Optional<TufProductRole> stored = s.tufRepositories().findRole(orgId, role);
        if (st.isEmpty() || stored.isEmpty() || !stored.get().signedOffline()) {
            return Optional.empty();
        }
        Map<String, MetaFile> meta = TufCodec.readSnapshot(
                        s.tufRepositories()
                                .file(orgId, st.get().snapshotVersion() + ".snapshot.json")
                                .orElseThrow(),
                        2_000_000)
                .signed()
                .meta();
        MetaFile listed = meta.get(role + ".json");
        if (listed == null) {
            return Optional.empty();
        }
        int current = Math.max(listed.version(), stored.get().signedVersion());
        Instant expires = TufCodec.readTargets(
                        s.tufRepositories()
                                .file(orgId, current + "." + role + ".json")
                                .orElseThrow(),
                        TufDelegations.MAX_TARGETS_BYTES)
                .signed()
                .expires();
        if (!TufRepository.isDue(expires, TufRepository.TARGETS_LIFE, now) || awaiting(stored.get(), current)) {
            return Optional.empty();
        }
        return Optional.of(new Renewal(orgId, role, current + 1, expires));
    }

    private Optional<Renewal> renew(Stores s, String orgId, String role, Instant now) {
        Optional<TufRepositoryState> locked = s.tufRepositories().lock(orgId);
        // checked again under the lock: another replica may have prepared it meanwhile
        Optional<Renewal> renewal = locked.flatMap(st -> due(s, orgId, role, now));
        if (renewal.isEmpty()) {
            return Optional.empty();
        }
        TufRepositoryState st = locked.get();
        int current = renewal.get().version() - 1;
        Instant expires = renewal.get().expires();
        // signing the repository again prepares the offline role's next version (TufDelegations.prepare)
        TufRepositoryState next =
                repositories.repository().sign(s, st, s.releases().published(orgId), true, now);
        s.tufRepositories().update(next);
        Optional<TufProductRole> after = s.tufRepositories().findRole(orgId, role);
        if (after.isEmpty() || !awaiting(after.get(), current)) {
            throw new IllegalStateException("role " + role + ": no renewal prepared");
        }
        audit.record(
                s,
                new AuditRecord(
                        "system",
                        Optional.of(orgId),
                        "tuf.product-role.renewal",
                        Optional.of(role),
                        Outcome.SUCCESS,
                        Optional.of("version " + (current + 1) + " awaits the release managers' signatures; version "
                                + current + " expires " + expires),
                        Optional.empty(),
                        Severity.WARNING,
                        Optional.empty()));
        return renewal;
    }

    /** Whether the role has a version after {@code current} waiting for signatures. */
    private static boolean awaiting(TufProductRole role, int current) {
        return role.pending()
                .map(p -> TufCodec.readTargets(p, TufDelegations.MAX_TARGETS_BYTES)
                        .signed()
                        .version())
                .filter(v -> v == current + 1)
                .isPresent();
    }
}

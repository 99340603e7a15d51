package io.hallmark.store.jdbc;

import io.hallmark.server.identity.ActivationPolicy;
import io.hallmark.server.identity.IdentityPolicyStore;
import java.util.Optional;

/** Owners' identity policies in {@code identity_policies}. */
final class JdbcIdentityPolicyStore implements IdentityPolicyStore {
    private final Sql sql;

    JdbcIdentityPolicyStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<ActivationPolicy> findActivation(String orgId) {
        return sql.queryOne(
                "SELECT activation FROM identity_policies WHERE org_id = ?",
                rs -> ActivationPolicy.valueOf(rs.getString("activation")),
                orgId);
    }

    @Override
    public void putActivation(String orgId, ActivationPolicy policy) {
        if (sql.update("UPDATE identity_policies SET activation = ? WHERE org_id = ?", policy.name(), orgId) == 0) {
            sql.update("INSERT INTO identity_policies (org_id, activation) VALUES (?, ?)", orgId, policy.name());
        }
    }

    @Override
    public Optional<Boolean> findQuarantineOnViolation(String orgId) {
        return sql.queryOne(
                "SELECT quarantine_on_violation FROM behaviour_policies WHERE org_id = ?",
                rs -> rs.getBoolean("quarantine_on_violation"),
                orgId);
    }

    @Override
    public void putQuarantineOnViolation(String orgId, boolean quarantine) {
        if (sql.update("UPDATE behaviour_policies SET quarantine_on_violation = ? WHERE org_id = ?", quarantine, orgId)
                == 0) {
            sql.update(
                    "INSERT INTO behaviour_policies (org_id, quarantine_on_violation) VALUES (?, ?)",
                    orgId,
                    quarantine);
        }
    }
}

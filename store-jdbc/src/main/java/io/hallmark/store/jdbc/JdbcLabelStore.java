package io.hallmark.store.jdbc;

import io.hallmark.assurance.Level;
import io.hallmark.core.Checks;
import io.hallmark.server.assurance.Label;
import io.hallmark.server.assurance.LabelState;
import io.hallmark.server.assurance.LabelStore;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Trust labels in table {@code labels}; the review, issue and revocation are nullable column groups. */
final class JdbcLabelStore implements LabelStore {
    private static final String SELECT = "SELECT id, org_id, product_id, product_model, product_name, manufacturer,"
            + " level, reached, state, profile_sha256, assessment, integrity_threshold, requested_by, requested_at,"
            + " reviewer_id, reviewer_org, reviewer_org_name, review_decision, review_reason, reviewed_at, jws,"
            + " issued_by, issued_at, expires_at, revoked_by, revoked_at, revoke_reason, last_status FROM labels";

    private final Sql sql;

    JdbcLabelStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Label l) {
        Checks.notNull(l, "label");
        sql.insert(
                "a label with this id already exists",
                "INSERT INTO labels (id, org_id, product_id, product_model, product_name, manufacturer, level, reached,"
                        + " state, profile_sha256, assessment, integrity_threshold, requested_by, requested_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                l.id(),
                l.orgId(),
                l.productId(),
                l.productModel(),
                l.productName(),
                l.manufacturer(),
                l.level().name(),
                l.reached().name(),
                l.state().name(),
                l.profileSha256(),
                l.assessmentJson(),
                (long) l.integrityThresholdPercent(),
                l.requestedBy(),
                Sql.millis(l.requestedAt()));
        if (l.review().isPresent()
                || l.issue().isPresent()
                || l.revocation().isPresent()
                || l.lastStatus().isPresent()) {
            update(l, l.state());
        }
    }

    @Override
    public boolean update(Label l, LabelState expected) {
        Optional<Label.Review> r = l.review();
        Optional<Label.Issue> i = l.issue();
        Optional<Label.Revocation> v = l.revocation();
        return sql.update(
                        "UPDATE labels SET state = ?, reviewer_id = ?, reviewer_org = ?, reviewer_org_name = ?,"
                                + " review_decision = ?, review_reason = ?, reviewed_at = ?, jws = ?, issued_by = ?,"
                                + " issued_at = ?, expires_at = ?, revoked_by = ?, revoked_at = ?, revoke_reason = ?,"
                                + " last_status = ? WHERE id = ? AND state = ?",
                        l.state().name(),
                        Sql.text(r.map(Label.Review::reviewerId)),
                        Sql.text(r.map(Label.Review::reviewerOrgId)),
                        Sql.text(r.map(Label.Review::reviewerOrgName)),
                        Sql.text(r.map(x -> x.approved() ? "APPROVE" : "REJECT")),
                        Sql.text(r.map(Label.Review::reason)),
                        Sql.millis(r.map(Label.Review::at)),
                        Sql.text(i.map(Label.Issue::jws)),
                        Sql.text(i.map(Label.Issue::issuedBy)),
                        Sql.millis(i.map(Label.Issue::issuedAt)),
                        Sql.millis(i.map(Label.Issue::expiresAt)),
                        Sql.text(v.map(Label.Revocation::revokedBy)),
                        Sql.millis(v.map(Label.Revocation::at)),
                        Sql.text(v.map(Label.Revocation::reason)),
                        Sql.text(l.lastStatus()),
                        l.id(),
                        expected.name())
                == 1;
    }

    @Override
    public Optional<Label> findById(String id) {
        return sql.queryOne(SELECT + " WHERE id = ?", JdbcLabelStore::map, id);
    }

    @Override
    public Page<Label> list(String orgId, PageRequest page) {
        int fetch = page.limit() + 1;
        List<Label> rows = page.after().isPresent()
                ? sql.query(
                        SELECT + " WHERE org_id = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                        JdbcLabelStore::map,
                        orgId,
                        page.after().get(),
                        fetch)
                : sql.query(
                        SELECT + " WHERE org_id = ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                        JdbcLabelStore::map,
                        orgId,
                        fetch);
        return Page.of(rows, page.limit(), Label::id);
    }

    @Override
    public Page<Label> listInState(LabelState state, PageRequest page) {
        int fetch = page.limit() + 1;
        List<Label> rows = page.after().isPresent()
                ? sql.query(
                        SELECT + " WHERE state = ? AND id > ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                        JdbcLabelStore::map,
                        state.name(),
                        page.after().get(),
                        fetch)
                : sql.query(
                        SELECT + " WHERE state = ? ORDER BY id FETCH FIRST ? ROWS ONLY",
                        JdbcLabelStore::map,
                        state.name(),
                        fetch);
        return Page.of(rows, page.limit(), Label::id);
    }

    private static Label map(ResultSet rs) throws SQLException {
        Optional<Label.Review> review = Optional.empty();
        Optional<String> decision = Sql.optionalText(rs, "review_decision");
        if (decision.isPresent()) {
            review = Optional.of(new Label.Review(
                    rs.getString("reviewer_id"),
                    rs.getString("reviewer_org"),
                    rs.getString("reviewer_org_name"),
                    decision.get().equals("APPROVE"),
                    rs.getString("review_reason"),
                    Sql.instant(rs, "reviewed_at")));
        }
        Optional<Label.Issue> issue = Optional.empty();
        Optional<String> jws = Sql.optionalText(rs, "jws");
        if (jws.isPresent()) {
            issue = Optional.of(new Label.Issue(
                    jws.get(), rs.getString("issued_by"), Sql.instant(rs, "issued_at"), Sql.instant(rs, "expires_at")));
        }
        Optional<Label.Revocation> revocation = Optional.empty();
        Optional<String> revokedBy = Sql.optionalText(rs, "revoked_by");
        if (revokedBy.isPresent()) {
            revocation = Optional.of(new Label.Revocation(
                    revokedBy.get(), Sql.instant(rs, "revoked_at"), rs.getString("revoke_reason")));
        }
        return new Label(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("product_id"),
                rs.getString("product_model"),
                rs.getString("product_name"),
                rs.getString("manufacturer"),
                Level.valueOf(rs.getString("level")),
                Level.valueOf(rs.getString("reached")),
                LabelState.valueOf(rs.getString("state")),
                rs.getString("profile_sha256"),
                rs.getString("assessment"),
                (int) rs.getLong("integrity_threshold"),
                rs.getString("requested_by"),
                Sql.instant(rs, "requested_at"),
                review,
                issue,
                revocation,
                Sql.optionalText(rs, "last_status"));
    }
}

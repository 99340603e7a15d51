package io.hallmark.store.jdbc;

import io.hallmark.core.Checks;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.audit.AuditCheckpoint;
import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.audit.AuditQuery;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.AuditStore;
import io.hallmark.server.audit.ChainHead;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.PendingRecord;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The audit chain in {@code audit_entries}, its head in the one row of {@code audit_head}, and the checkpoints in
 * {@code audit_checkpoints}.
 *
 * <p>The head row is what serializes appenders: {@link #lockHead()} selects it {@code FOR UPDATE}, so a second
 * transaction waits there until the first commits or rolls back, on H2 and PostgreSQL alike, and across server
 * replicas sharing one PostgreSQL. Listing filters on time are half-open: {@code since <= time < until}.
 */
final class JdbcAuditStore implements AuditStore {
    private static final String ENTRY_COLUMNS = "seq, time_ms, actor, org_id, action, target, outcome, reason,"
            + " request_id, severity, break_glass_id, hash";
    private static final String SELECT_ENTRIES = "SELECT " + ENTRY_COLUMNS + " FROM audit_entries";
    private static final String SELECT_CHECKPOINTS = "SELECT seq, head, time_ms, jws FROM audit_checkpoints";
    private static final Pattern CURSOR = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final Sql sql;
    // the head this transaction locked and moved; the lock holds until the transaction ends, so it stays current
    private ChainHead locked;

    JdbcAuditStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public ChainHead lockHead() {
        locked = sql.queryOne(
                        "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE",
                        rs -> new ChainHead(rs.getLong("seq"), rs.getString("hash")))
                .orElseThrow(() -> new IllegalStateException("audit_head: no row (expected: seeded by migration V1)"));
        return locked;
    }

    @Override
    public void appendAll(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        ChainHead head = locked != null ? locked : lockHead();
        List<Object[]> rows = new ArrayList<>(entries.size());
        long expected = head.seq() + 1;
        for (AuditEntry e : entries) {
            Checks.check(HASH.matcher(e.hash()).matches(), "hash", e.hash(), "64 lower-case hex digits");
            Checks.checkState(e.seq() == expected, "seq", e.seq(), "the locked head's successor " + expected);
            expected++;
            AuditRecord r = e.record();
            rows.add(new Object[] {
                e.seq(),
                Sql.millis(e.time()),
                r.actor(),
                Sql.text(r.orgId()),
                r.action(),
                Sql.text(r.target()),
                r.outcome().wireName(),
                Sql.text(r.reason()),
                Sql.text(r.requestId()),
                r.severity().wireName(),
                Sql.text(r.breakGlassId()),
                e.hash()
            });
        }
        sql.batch(
                "INSERT INTO audit_entries (" + ENTRY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        AuditEntry last = entries.get(entries.size() - 1);
        int moved = sql.update(
                "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ?",
                last.seq(),
                last.hash(),
                head.seq());
        Checks.checkState(moved == 1, "audit_head", "moved by another transaction", "locked by this one");
        locked = new ChainHead(last.seq(), last.hash());
    }

    @Override
    public void append(AuditEntry e) {
        Checks.notNull(e, "entry");
        appendAll(List.of(e));
    }

    @Override
    public void appendPending(Instant time, AuditRecord r) {
        Checks.notNull(time, "time");
        Checks.notNull(r, "record");
        sql.update(
                "INSERT INTO audit_pending (time_ms, actor, org_id, action, target, outcome, reason, request_id,"
                        + " severity, break_glass_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Sql.millis(time),
                r.actor(),
                Sql.text(r.orgId()),
                r.action(),
                Sql.text(r.target()),
                r.outcome().wireName(),
                Sql.text(r.reason()),
                Sql.text(r.requestId()),
                r.severity().wireName(),
                Sql.text(r.breakGlassId()));
    }

    @Override
    public List<PendingRecord> pending(int limit) {
        Checks.positive(limit, "limit");
        return sql.query(
                "SELECT id, time_ms, actor, org_id, action, target, outcome, reason, request_id, severity,"
                        + " break_glass_id FROM audit_pending ORDER BY id FETCH FIRST ? ROWS ONLY",
                rs -> new PendingRecord(rs.getLong("id"), Sql.instant(rs, "time_ms"), mapRecord(rs)),
                limit);
    }

    @Override
    public void deletePending(List<Long> ids) {
        List<Object[]> rows = new ArrayList<>(ids.size());
        for (Long id : ids) {
            rows.add(new Object[] {id});
        }
        sql.batch("DELETE FROM audit_pending WHERE id = ?", rows);
    }

    @Override
    public Page<AuditEntry> list(AuditQuery query, PageRequest page) {
        Checks.notNull(query, "query");
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        page.after().ifPresent(cursor -> {
            where.add("seq < ?");
            params.add(parseCursor(cursor));
        });
        query.orgId().ifPresent(org -> {
            where.add("org_id = ?");
            params.add(org);
        });
        query.actor().ifPresent(actor -> {
            where.add("actor = ?");
            params.add(actor);
        });
        query.action().ifPresent(action -> {
            if (action.endsWith(".*")) {
                // "org.*" matches "org.create" and "org.user.add", not "org" nor "organization.x"
                where.add("action LIKE ? ESCAPE '!'");
                params.add(escapeLike(action.substring(0, action.length() - 1)) + "%");
            } else {
                where.add("action = ?");
                params.add(action);
            }
        });
        query.outcome().ifPresent(outcome -> {
            where.add("outcome = ?");
            params.add(outcome.wireName());
        });
        query.severity().ifPresent(severity -> {
            where.add("severity = ?");
            params.add(severity.wireName());
        });
        query.since().ifPresent(since -> {
            where.add("time_ms >= ?");
            params.add(Sql.millis(since));
        });
        query.until().ifPresent(until -> {
            where.add("time_ms < ?");
            params.add(Sql.millis(until));
        });
        params.add(page.limit() + 1);
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        List<AuditEntry> rows = sql.query(
                SELECT_ENTRIES + filter + " ORDER BY seq DESC FETCH FIRST ? ROWS ONLY",
                JdbcAuditStore::mapEntry,
                params.toArray());
        return Page.of(rows, page.limit(), e -> Long.toString(e.seq()));
    }

    @Override
    public List<AuditEntry> range(long fromSeq, int limit) {
        Checks.positive(limit, "limit");
        return sql.query(
                SELECT_ENTRIES + " WHERE seq >= ? ORDER BY seq FETCH FIRST ? ROWS ONLY",
                JdbcAuditStore::mapEntry,
                fromSeq,
                limit);
    }

    @Override
    public void insertCheckpoint(AuditCheckpoint c) {
        Checks.notNull(c, "checkpoint");
        sql.insert(
                "audit checkpoint already exists at this seq",
                "INSERT INTO audit_checkpoints (seq, head, time_ms, jws) VALUES (?, ?, ?, ?)",
                c.seq(),
                c.head(),
                Sql.millis(c.time()),
                c.jws());
    }

    @Override
    public Optional<AuditCheckpoint> latestCheckpoint() {
        return sql.queryOne(
                SELECT_CHECKPOINTS + " ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY", JdbcAuditStore::mapCheckpoint);
    }

    @Override
    public List<AuditCheckpoint> checkpoints() {
        return sql.query(SELECT_CHECKPOINTS + " ORDER BY seq", JdbcAuditStore::mapCheckpoint);
    }

    /** The seq a cursor names; a cursor comes back from a client, so a bad one is untrusted input. */
    private static long parseCursor(String cursor) {
        if (!CURSOR.matcher(cursor).matches()) {
            throw new UntrustedInputException("cursor: malformed (expected: a cursor returned with a previous page)");
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new UntrustedInputException(
                    "cursor: malformed (expected: a cursor returned with a previous page)", e);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static AuditEntry mapEntry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), Sql.instant(rs, "time_ms"), mapRecord(rs), rs.getString("hash"));
    }

    private static AuditRecord mapRecord(ResultSet rs) throws SQLException {
        return new AuditRecord(
                rs.getString("actor"),
                Sql.optionalText(rs, "org_id"),
                rs.getString("action"),
                Sql.optionalText(rs, "target"),
                Outcome.fromWire(rs.getString("outcome")),
                Sql.optionalText(rs, "reason"),
                Sql.optionalText(rs, "request_id"),
                Severity.fromWire(rs.getString("severity")),
                Sql.optionalText(rs, "break_glass_id"));
    }

    private static AuditCheckpoint mapCheckpoint(ResultSet rs) throws SQLException {
        return new AuditCheckpoint(
                rs.getLong("seq"), rs.getString("head"), Sql.instant(rs, "time_ms"), rs.getString("jws"));
    }
}

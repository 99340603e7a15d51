package io.hallmark.store.jdbc;

import io.hallmark.server.persistence.ConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The connection of one transaction, with the few statement shapes the stores need.
 *
 * <p>Every {@link SQLException} leaves here as an unchecked exception whose message holds no SQL text: a
 * unique-constraint violation becomes a {@link ConflictException}, anything else an {@link IllegalStateException}
 * carrying the driver's exception as its cause (for the log, never for the caller).
 */
final class Sql {
    /** SQLState of a unique-constraint violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    private static final Null NULL_TEXT = new Null(Types.VARCHAR);
    private static final Null NULL_BIGINT = new Null(Types.BIGINT);
    private static final Null NULL_BYTES = new Null(Types.VARBINARY);

    private final Connection connection;
    private boolean ended;

    Sql(Connection connection) {
        this.connection = connection;
    }

    /** Makes every later call fail: the connection went back to the pool with the end of the transaction. */
    void end() {
        ended = true;
    }

    /**
     * Runs an insert inside a savepoint, so that a conflict leaves the transaction usable on both databases
     * (PostgreSQL aborts the whole transaction on any error, H2 only the statement).
     *
     * @param conflictMessage the safe message of the {@link ConflictException} thrown when a unique key is taken
     */
    void insert(String conflictMessage, String sql, Object... params) {
        Connection c = connection();
        Savepoint savepoint;
        try {
            savepoint = c.setSavepoint();
        } catch (SQLException e) {
            throw failure(e);
        }
        try {
            execute(c, sql, params);
        } catch (SQLException e) {
            try {
                c.rollback(savepoint);
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw translate(e, conflictMessage);
        }
        try {
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs an insert, update or delete and returns the number of rows it changed. */
    int update(String sql, Object... params) {
        try {
            return execute(connection(), sql, params);
        } catch (SQLException e) {
            throw translate(e, "a record with this key already exists");
        }
    }

    /** Runs one insert, update or delete for each row of parameters, as a JDBC batch. */
    void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw translate(e, "a record with this key already exists");
        }
    }

    /** Runs a query and maps each row. */
    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs a query expected to return at most one row. */
    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        if (rows.size() > 1) {
            throw new IllegalStateException("rows: " + rows.size() + " (expected: at most 1)");
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private Connection connection() {
        if (ended) {
            throw new IllegalStateException("transaction: ended (expected: stores used only inside their transaction)");
        }
        return connection;
    }

    private static int execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int index = i + 1;
            switch (p) {
                case null -> throw new IllegalArgumentException("param " + index + ": null (expected: a typed null)");
                case Null n -> ps.setNull(index, n.sqlType());
                case String s -> ps.setString(index, s);
                case Long l -> ps.setLong(index, l);
                case Integer n -> ps.setInt(index, n);
                case Boolean b -> ps.setBoolean(index, b);
                case byte[] bytes -> ps.setBytes(index, bytes);
                default ->
                    throw new IllegalArgumentException("param " + index + ": "
                            + p.getClass().getName() + " (expected: String, Long, Integer," + " Boolean or byte[])");
            }
        }
    }

    /** The unchecked exception for {@code e}: a conflict for a unique violation, else an illegal state. */
    static RuntimeException translate(SQLException e, String conflictMessage) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return new ConflictException(conflictMessage, e);
        }
        return failure(e);
    }

    /** An {@link IllegalStateException} with a message free of SQL text and the driver's exception as cause. */
    static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("database: error with SQLState " + e.getSQLState(), e);
    }

    /** A text parameter, or a typed SQL NULL when empty. */
    static Object text(Optional<String> value) {
        return value.isPresent() ? value.get() : NULL_TEXT;
    }

    /** Bytes, or a typed SQL NULL when empty. */
    static Object bytes(Optional<byte[]> value) {
        return value.isPresent() ? value.get() : NULL_BYTES;
    }

    /** An instant as epoch milliseconds, the way every instant is stored. */
    static Object millis(Instant value) {
        return value.toEpochMilli();
    }

    /** An instant as epoch milliseconds, or a typed SQL NULL when empty. */
    static Object millis(Optional<Instant> value) {
        return value.isPresent() ? (Object) value.get().toEpochMilli() : NULL_BIGINT;
    }

    /** The instant stored in {@code column}. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }

    /** The instant stored in {@code column}, empty for NULL. */
    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    /** The text stored in {@code column}, empty for NULL. */
    static Optional<String> optionalText(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    /** A set of enum constants as stored: their names in declaration order, comma-separated. */
    static <E extends Enum<E>> String names(Collection<E> values) {
        return values.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    /** Parses what {@link #names} stored. */
    static <E extends Enum<E>> Set<E> enums(Class<E> type, String names) {
        return Arrays.stream(names.split(","))
                .map(name -> Enum.valueOf(type, name))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        /** Reads the current row. */
        T map(ResultSet rs) throws SQLException;
    }

    /** A SQL NULL of a given type; PostgreSQL needs the type to accept it. */
    private record Null(int sqlType) {}
}

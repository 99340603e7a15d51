package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * Renders answers of one protocol record type (e.g. {@code OrganizationView}) for people: as an aligned table of
 * rows, or as one {@code field: value} line per field.
 *
 * <p>Columns name fields of the record, checked when the table is defined, so a renamed field of the wire contract
 * fails the CLI's tests instead of printing dashes. Text from the server is cleaned of control characters (audit
 * data is written by others and must not drive the terminal); table cells are cut at {@value #MAX_CELL} characters.
 */
final class Table {
    static final int MAX_CELL = 60;
    private static final String NONE = "-";

    private final Class<? extends Record> view;
    private final List<Column> columns = new ArrayList<>();

    private record Column(String header, String field, Class<?> type) {}

    private Table(Class<? extends Record> view) {
        this.view = view;
    }

    /** A table of the record type {@code view}. */
    static Table of(Class<? extends Record> view) {
        return new Table(view);
    }

    /**
     * Adds a column.
     *
     * @throws IllegalArgumentException when {@code field} is not a component of the record
     */
    Table column(String header, String field) {
        Class<?> type = Arrays.stream(view.getRecordComponents())
                .filter(c -> c.getName().equals(field))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "field: " + field + " (expected: a component of " + view.getSimpleName() + ")"))
                .getType();
        columns.add(new Column(header, field, type));
        return this;
    }

    /** Prints {@code rows} under a header line, or {@code (none)}. */
    void printRows(PrintWriter out, List<JsonNode> rows) {
        if (rows.isEmpty()) {
            out.println("(none)");
            return;
        }
        List<String[]> cells = new ArrayList<>();
        int[] width = new int[columns.size()];
        String[] header = new String[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            header[i] = columns.get(i).header();
            width[i] = header[i].length();
        }
        for (JsonNode row : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                String v = value(row, columns.get(i));
                line[i] = v.length() > MAX_CELL ? v.substring(0, MAX_CELL - 3) + "..." : v;
                width[i] = Math.max(width[i], line[i].length());
            }
            cells.add(line);
        }
        printLine(out, header, width);
        for (String[] line : cells) {
            printLine(out, line, width);
        }
    }

    /** Prints one record as {@code field: value} lines. */
    void printDetails(PrintWriter out, JsonNode row) {
        int width = columns.stream().mapToInt(c -> c.field().length()).max().orElse(0) + 1;
        for (Column c : columns) {
            out.println(pad(c.field() + ":", width) + " " + value(row, c));
        }
    }

    private static void printLine(PrintWriter out, String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(i == cells.length - 1 ? cells[i] : pad(cells[i], width[i]) + "  ");
        }
        out.println(b.toString().stripTrailing());
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String value(JsonNode row, Column c) {
        return render(row.get(c.field()), c.type());
    }

    /** One value as text: dashes for null, lists comma-separated, yes/no, epoch-second times as ISO-8601. */
    static String render(JsonNode v, Class<?> type) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return NONE;
        }
        if (v.isArray()) {
            StringJoiner j = new StringJoiner(", ").setEmptyValue(NONE);
            v.forEach(e -> j.add(render(e, Object.class)));
            return j.toString();
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? "yes" : "no";
        }
        if (type == Instant.class && v.isNumber()) {
            // a server writing times as epoch seconds (Jackson's default for java.time)
            BigDecimal seconds = v.decimalValue();
            return Instant.ofEpochSecond(
                            seconds.longValue(),
                            seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue())
                    .toString();
        }
        if (v.isValueNode()) {
            return clean(v.asText());
        }
        return clean(v.toString());
    }

    /** {@code text} with tabs and line breaks as spaces and other control characters as '?'. */
    static String clean(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t' || cp == '\n' || cp == '\r') {
                b.append(' ');
            } else if (Character.isISOControl(cp) || isLineOrBidiControl(cp)) {
                b.append('?');
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    private static boolean isLineOrBidiControl(int cp) {
        // line separators and the bidi overrides that can make a terminal show text in another order
        return cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }
}

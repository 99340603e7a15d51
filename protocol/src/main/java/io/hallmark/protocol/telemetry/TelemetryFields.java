package io.hallmark.protocol.telemetry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hallmark.protocol.telemetry.TelemetryReport.EventType;
import io.hallmark.protocol.telemetry.TelemetryReport.Protocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Strict reading of one report member from Jackson's streaming parser: the value's JSON type, its bounds or syntax,
 * and the bookkeeping of which members an object held. Every violation is a {@link TelemetryException} naming the
 * member's path ({@code dst[2].p}).
 */
final class TelemetryFields {
    private static final String MAX = String.valueOf(TelemetryReport.MAX_COUNTER);

    private TelemetryFields() {}

    static void array(JsonParser p, String field) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_ARRAY) {
            throw type(field, t, "an array");
        }
    }

    /** Advances to the next element's start; false at the array's end. */
    static boolean element(JsonParser p, String field, int index, int max) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY) {
            return false;
        }
        if (index >= max) {
            throw new TelemetryException(TelemetryException.LIST_SIZE, field, "more than " + max, "0.." + max);
        }
        if (t != JsonToken.START_OBJECT) {
            throw type(field + "[" + index + "]", t, "an object");
        }
        return true;
    }

    static Protocol protocol(JsonParser p, String field, boolean icmp) throws IOException {
        String s = string(p, field, x -> true, "");
        switch (s) {
            case "tcp":
                return Protocol.TCP;
            case "udp":
                return Protocol.UDP;
            case "icmp":
                if (icmp) {
                    return Protocol.ICMP;
                }
                break;
            default:
                break;
        }
        throw new TelemetryException(
                TelemetryException.FIELD_SYNTAX, field, quote(s), icmp ? "tcp, udp or icmp" : "tcp or udp");
    }

    static EventType eventType(JsonParser p, String field) throws IOException {
        String s = string(p, field, x -> true, "");
        for (EventType t : EventType.values()) {
            if (t.wire().equals(s)) {
                return t;
            }
        }
        throw new TelemetryException(
                TelemetryException.FIELD_SYNTAX,
                field,
                quote(s),
                "default-password-login, config-change, firmware-change, factory-reset or debug-access");
    }

    static String string(JsonParser p, String field, Predicate<String> syntax, String rule) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_STRING) {
            throw type(field, t, "a string");
        }
        String s = p.getText();
        if (!syntax.test(s)) {
            throw new TelemetryException(TelemetryException.FIELD_SYNTAX, field, quote(s), rule);
        }
        return s;
    }

    static long counter(JsonParser p, String field) throws IOException {
        return integer(p, field, 0, TelemetryReport.MAX_COUNTER);
    }

    static long integer(JsonParser p, String field, long min, long max) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw type(field, t, "an integer");
        }
        JsonParser.NumberType nt = p.getNumberType();
        if (nt != JsonParser.NumberType.INT && nt != JsonParser.NumberType.LONG) {
            throw new TelemetryException(
                    TelemetryException.FIELD_RANGE, field, quote(p.getText()), min + ".." + rangeMax(max));
        }
        long v = p.getLongValue();
        if (v < min || v > max) {
            throw new TelemetryException(TelemetryException.FIELD_RANGE, field, v, min + ".." + rangeMax(max));
        }
        return v;
    }

    private static String rangeMax(long max) {
        return max == TelemetryReport.MAX_COUNTER ? MAX + " (2^53)" : String.valueOf(max);
    }

    static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            // field names come canonicalized (interned) from the parser, so most hits are by identity
            if (names[i] == name || names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    static int mark(int seen, int i, String field) {
        if (i < 0) {
            throw new TelemetryException(
                    TelemetryException.FIELD_UNKNOWN, quote(field), "not in schema v1", "a member of schema v1");
        }
        if ((seen & (1 << i)) != 0) {
            throw new TelemetryException(TelemetryException.FIELD_DUPLICATE, field, "given twice", "once");
        }
        return seen | (1 << i);
    }

    static void missing(String[] names, int seen, String at) {
        for (int i = 0; i < names.length; i++) {
            if ((seen & (1 << i)) == 0) {
                throw new TelemetryException(TelemetryException.FIELD_MISSING, at + names[i], "absent", "required");
            }
        }
    }

    static TelemetryException type(String field, JsonToken t, String expected) {
        String actual =
                switch (t == null ? JsonToken.NOT_AVAILABLE : t) {
                    case START_OBJECT -> "an object";
                    case START_ARRAY -> "an array";
                    case VALUE_STRING -> "a string";
                    case VALUE_NUMBER_INT -> "an integer";
                    case VALUE_NUMBER_FLOAT -> "a fraction";
                    case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                    case VALUE_NULL -> "null";
                    default -> "nothing";
                };
        return new TelemetryException(TelemetryException.FIELD_TYPE, field, actual, expected);
    }

    /** The string quoted for a message: at most 64 characters, anything but printable ASCII as {@code ?}. */
    static String quote(String s) {
        int n = Math.min(s.length(), 64);
        StringBuilder b = new StringBuilder(n + 5).append('"');
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.append(s.length() > n ? "\"..." : "\"").toString();
    }

    private static final String[] ACCOUNTS = {"l", "n", "m"};
    private static final String[] MATCH = {"u", "e"};

    /** Reads the {@code acc} member (schema version 2). */
    static TelemetryReport.AccountCheck accounts(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw type("acc", t, "an object");
        }
        String list = null;
        long checked = 0;
        List<TelemetryReport.AccountMatch> matches = null;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int i = indexOf(ACCOUNTS, name);
            seen = mark(seen, i, "acc." + name);
            switch (i) {
                case 0 -> list = string(p, "acc.l", s -> s.matches("[0-9a-f]{16}"), "16 lowercase hex digits");
                case 1 -> checked = integer(p, "acc.n", 0, TelemetryReport.AccountCheck.MAX_ACCOUNTS);
                default -> matches = matches(p);
            }
        }
        missing(ACCOUNTS, seen, "acc.");
        if (matches.size() > checked) {
            throw new TelemetryException(
                    TelemetryException.LIST_SIZE, "acc.m", matches.size() + " entries", "at most acc.n: " + checked);
        }
        return new TelemetryReport.AccountCheck(list, (int) checked, matches);
    }

    private static List<TelemetryReport.AccountMatch> matches(JsonParser p) throws IOException {
        List<TelemetryReport.AccountMatch> out = new ArrayList<>();
        array(p, "acc.m");
        while (element(p, "acc.m", out.size(), TelemetryReport.AccountCheck.MAX_MATCHES)) {
            String at = "acc.m[" + out.size() + "].";
            String user = null;
            String entry = null;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int i = indexOf(MATCH, name);
                seen = mark(seen, i, at + name);
                if (i == 0) {
                    user = string(p, at + "u", TelemetrySyntax::isAccount, "1..32 printable ASCII, no space");
                } else {
                    entry = string(p, at + "e", TelemetrySyntax::isEntryId, "1..32 of a-z 0-9 -");
                }
            }
            missing(MATCH, seen, at);
            out.add(new TelemetryReport.AccountMatch(user, entry));
        }
        return out;
    }
}

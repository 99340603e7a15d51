package io.hallmark.core;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical JSON per RFC 8785 (JSON Canonicalization Scheme) for the values Hallmark signs and hashes: objects,
 * arrays, strings, booleans, null and integers.
 *
 * <p>Object members are sorted by their UTF-16 code units (RFC 8785 §3.2.3), strings are escaped as §3.2.2.2
 * prescribes, and no whitespace is written. Floating-point numbers are refused: nothing Hallmark hashes needs them,
 * and refusing them avoids the number serialization rules of §3.2.2.3.
 */
public final class CanonicalJson {
    private CanonicalJson() {}

    /** The canonical UTF-8 text of {@code value}, a tree of maps with string keys, lists and scalars. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String s -> appendString(out, s);
            case Boolean b -> out.append(b.booleanValue());
            case Integer i -> out.append(i.intValue());
            case Long l -> appendLong(out, l);
            case Map<?, ?> map -> appendObject(out, map);
            case List<?> list -> appendArray(out, list);
            default ->
                throw new IllegalArgumentException(
                        "value: " + value.getClass().getName() + " (expected: map, list, string, boolean, integer)");
        }
    }

    private static void appendLong(StringBuilder out, long l) {
        // I-JSON (RFC 7493) integers are exact only within +-(2^53 - 1)
        Checks.check(Math.abs(l) <= (1L << 53) - 1, "integer", l, "within +-(2^53 - 1)");
        out.append(l);
    }

    private static void appendObject(StringBuilder out, Map<?, ?> map) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("key: " + e.getKey() + " (expected: a string)");
            }
            sorted.put(key, e.getValue());
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, e.getKey());
            out.append(':');
            append(out, e.getValue());
        }
        out.append('}');
    }

    private static void appendArray(StringBuilder out, List<?> list) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            append(out, list.get(i));
        }
        out.append(']');
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

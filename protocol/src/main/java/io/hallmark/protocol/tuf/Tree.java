package io.hallmark.protocol.tuf;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed access to a JSON tree from {@link TufJson#read}, each refusal a {@link TufException} naming the path. */
final class Tree {
    private Tree() {}

    /** TUF §4.2: "expires" is ISO 8601 "YYYY-MM-DDTHH:MM:SSZ", UTC, whole seconds. */
    private static final Pattern EXPIRES = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object v, String path) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw type(path, v, "an object");
    }

    static List<Object> array(Object v, String path) {
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw type(path, v, "an array");
    }

    static Object required(Map<String, Object> m, String name, String path) {
        if (!m.containsKey(name)) {
            throw new TufException(TufException.MISSING, path, name, "present");
        }
        return m.get(name);
    }

    static String string(Map<String, Object> m, String name, String path) {
        Object v = required(m, name, path);
        if (v instanceof String s) {
            return s;
        }
        throw type(path + "." + name, v, "a string");
    }

    static long integer(Map<String, Object> m, String name, String path, long min) {
        Object v = required(m, name, path);
        if (v instanceof Long l) {
            if (l < min) {
                throw new TufException(TufException.INVALID, path + "." + name, l, ">= " + min);
            }
            return l;
        }
        throw type(path + "." + name, v, "an integer");
    }

    static boolean bool(Map<String, Object> m, String name, String path) {
        Object v = required(m, name, path);
        if (v instanceof Boolean b) {
            return b;
        }
        throw type(path + "." + name, v, "true or false");
    }

    static Instant expires(Map<String, Object> m, String path) {
        String s = string(m, "expires", path);
        if (!EXPIRES.matcher(s).matches()) {
            throw new TufException(TufException.INVALID, path + ".expires", s, "YYYY-MM-DDTHH:MM:SSZ");
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new TufException(TufException.INVALID, path + ".expires", s, "a real UTC time");
        }
    }

    static List<String> strings(Map<String, Object> m, String name, String path, boolean distinct) {
        List<String> out = new ArrayList<>();
        for (Object o : array(required(m, name, path), path + "." + name)) {
            if (!(o instanceof String s)) {
                throw type(path + "." + name, o, "strings");
            }
            if (distinct && out.contains(s)) {
                throw new TufException(TufException.DUPLICATE, path + "." + name, s, "each once");
            }
            out.add(s);
        }
        return out;
    }

    static void allowOnly(Map<String, Object> m, String path, String... names) {
        Set<String> allowed = Set.of(names);
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new TufException(TufException.UNKNOWN, path, k, "one of " + List.of(names));
            }
        }
    }

    static void checkHexLower(String s, String path, int length) {
        if (s.length() != length || !HEX.matcher(s).matches()) {
            throw new TufException(TufException.INVALID, path, shorten(s), length + " lowercase hex digits");
        }
    }

    static void checkHex(String s, String path) {
        if (s.isEmpty() || s.length() % 2 != 0 || !HEX.matcher(s).matches()) {
            throw new TufException(TufException.INVALID, path, shorten(s), "lowercase hex bytes");
        }
    }

    static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static TufException type(String path, Object v, String expected) {
        String actual =
                switch (v) {
                    case null -> "null";
                    case String s -> "a string";
                    case Long l -> "an integer";
                    case Boolean b -> "a boolean";
                    case Map<?, ?> m -> "an object";
                    case List<?> l -> "an array";
                    default -> v.getClass().getSimpleName();
                };
        return new TufException(TufException.INVALID, path, actual, expected);
    }
}

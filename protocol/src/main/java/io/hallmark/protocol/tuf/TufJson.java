package io.hallmark.protocol.tuf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of TUF metadata: a strict, bounded reader into a tree of maps, lists, strings, longs, booleans and null,
 * and the canonical form that TUF signs.
 *
 * <p>TUF signs the canonical JSON of the OLPC project as implemented by securesystemslib ({@code encode_canonical})
 * and tuf-js ({@code @tufjs/canonical-json}), which is <em>not</em> RFC 8785: object members sorted by key, no
 * whitespace, only {@code "} and {@code \} escaped (every other character, control characters included, is written
 * as itself in UTF-8), integers only. Keys are sorted by Unicode code point (securesystemslib's order, the same as
 * UTF-8 byte order); JavaScript's sort uses UTF-16 code units, which differs only for keys mixing characters above
 * U+FFFF with characters in U+E000..U+FFFF.
 */
public final class TufJson {
    private TufJson() {}

    /** Deepest nesting of objects and arrays read. */
    static final int MAX_DEPTH = 24;

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 1)
                    .maxNumberLength(20)
                    .maxStringLength(1 << 20)
                    .build())
            .build();

    private static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /**
     * Reads one JSON value of at most {@code maxBytes} bytes: objects become insertion-ordered maps, numbers longs.
     *
     * @throws TufException {@link TufException#SIZE} when empty or too long, {@link TufException#DUPLICATE} for a
     *     member given twice, {@link TufException#MALFORMED} for anything else that is not one strict JSON value
     *     with integer numbers
     */
    public static Object read(byte[] bytes, int maxBytes) {
        if (bytes.length == 0 || bytes.length > maxBytes) {
            throw new TufException(TufException.SIZE, "bytes", bytes.length, "1.." + maxBytes);
        }
        try (JsonParser p = JSON.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw malformed("no JSON value");
            }
            Object value = readValue(p, first, 0, "$");
            if (p.nextToken() != null) {
                throw malformed("data after the JSON value");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof TufException t) {
                throw t;
            }
            throw new TufException(TufException.MALFORMED, "json", "not well-formed", "RFC 8259 JSON");
        }
    }

    private static Object readValue(JsonParser p, JsonToken t, int depth, String path) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                checkDepth(depth, path);
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken n;
                while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    checkText(name, path);
                    Object v = readValue(p, p.nextToken(), depth + 1, path + "." + name);
                    if (map.containsKey(name)) {
                        throw new TufException(TufException.DUPLICATE, path, name, "each member once");
                    }
                    map.put(name, v);
                }
                if (n != JsonToken.END_OBJECT) {
                    throw malformed("unterminated object");
                }
                return map;
            }
            case START_ARRAY -> {
                checkDepth(depth, path);
                List<Object> list = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (n == null) {
                        throw malformed("unterminated array");
                    }
                    list.add(readValue(p, n, depth + 1, path + "[" + list.size() + "]"));
                }
                return list;
            }
            case VALUE_STRING -> {
                String s = p.getText();
                checkText(s, path);
                return s;
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                    throw new TufException(TufException.MALFORMED, path, "an integer too large", "a 64-bit integer");
                }
                long v = p.getLongValue();
                // I-JSON (RFC 7493 §2.2): integers beyond 2^53 are not exact in JavaScript clients such as tuf-js
                if (Math.abs(v) > (1L << 53) - 1) {
                    throw new TufException(TufException.MALFORMED, path, v, "an integer within +-(2^53 - 1)");
                }
                return v;
            }
            case VALUE_NUMBER_FLOAT ->
                throw new TufException(
                        TufException.MALFORMED, path, "a fraction or exponent", "an integer (canonical JSON)");
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw malformed("unexpected " + t);
        }
    }

    private static void checkDepth(int depth, String path) {
        if (depth >= MAX_DEPTH) {
            throw new TufException(TufException.MALFORMED, path, "nested " + depth + " deep", "at most " + MAX_DEPTH);
        }
    }

    /** Lone surrogates cannot be written back as UTF-8, so nothing holding one can be signed or verified. */
    private static void checkText(String s, String path) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new TufException(TufException.MALFORMED, path, "a lone surrogate", "valid Unicode text");
            }
        }
    }

    private static TufException malformed(String what) {
        return new TufException(TufException.MALFORMED, "json", what, "one RFC 8259 JSON value");
    }

    /**
     * The canonical bytes of {@code value} (a tree as {@link #read} returns, or of maps, lists, strings, integers,
     * booleans and null) that TUF signs.
     */
    public static byte[] canonical(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case null -> out.writeBytes(bytes("null"));
            case String s -> writeString(out, s);
            case Boolean b -> out.writeBytes(bytes(b.toString()));
            case Integer i -> out.writeBytes(bytes(i.toString()));
            case Long l -> out.writeBytes(bytes(l.toString()));
            case Map<?, ?> map -> {
                String[] keys = new String[map.size()];
                int k = 0;
                for (Object key : map.keySet()) {
                    if (!(key instanceof String s)) {
                        throw new IllegalArgumentException("key: " + key + " (expected: a string)");
                    }
                    keys[k++] = s;
                }
                Arrays.sort(keys, CODE_POINT_ORDER);
                out.write('{');
                for (int i = 0; i < keys.length; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    writeString(out, keys[i]);
                    out.write(':');
                    write(out, map.get(keys[i]));
                }
                out.write('}');
            }
            case List<?> list -> {
                out.write('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    write(out, list.get(i));
                }
                out.write(']');
            }
            default ->
                throw new IllegalArgumentException("value: " + value.getClass().getName()
                        + " (expected: map, list, string, boolean, integer or null)");
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        out.writeBytes(bytes(b.append('"').toString()));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

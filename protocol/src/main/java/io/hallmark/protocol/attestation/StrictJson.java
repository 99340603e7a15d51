package io.hallmark.protocol.attestation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded JSON reader (RFC 8259) for bytes an attester or a relying party hands in: one value and nothing after it,
 * no duplicate member names (RFC 8259 §4 leaves them undefined; RFC 7519 §4 says a JWT with duplicates must be
 * rejected or the last one taken, and here it is rejected), limited depth, members, elements and string length.
 *
 * <p>Values become {@code Map<String, Object>} (insertion order), {@code List<Object>}, {@code String}, {@code
 * BigInteger} (integers), {@code Double} (other numbers), {@code Boolean} and {@link #NULL}. Every refusal is a {@link
 * Refused} with a stable reason; nothing else is thrown.
 */
final class StrictJson {
    /** JSON {@code null}. */
    static final Object NULL = new Object();

    static final int MAX_DEPTH = 8;
    static final int MAX_MEMBERS = 64;
    static final int MAX_ELEMENTS = 64;
    static final int MAX_STRING = 4096;

    private static final JsonFactory JSON = JsonFactory.builder()
            // refusals may go back to the sender: never echo its input in Jackson's location text
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 2)
                    .maxNumberLength(40)
                    .maxStringLength(MAX_STRING)
                    .build())
            .build();

    /** Why a document was refused: {@code reason} is {@link #DUPLICATE}, {@link #TOO_MANY} or {@link #MALFORMED}. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;

        Refused(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    static final String DUPLICATE = "duplicate";
    static final String MALFORMED = "malformed";
    static final String TOO_MANY = "too-many";

    private StrictJson() {}

    /** Reads one JSON object from {@code bytes}. */
    static Map<String, Object> readObject(byte[] bytes) throws Refused {
        try (JsonParser p = JSON.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new Refused(MALFORMED, "not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) read(p, first, 1);
            if (p.nextToken() != null) {
                throw new Refused(MALFORMED, "data after the JSON object");
            }
            return value;
        } catch (Refused e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Jackson's own refusals (syntax, limits, encodings) and anything unexpected end the same way
            throw new Refused(MALFORMED, "not well-formed JSON within the limits");
        }
    }

    private static Object read(JsonParser p, JsonToken t, int depth) throws IOException, Refused {
        if (depth > MAX_DEPTH) {
            throw new Refused(MALFORMED, "nested deeper than " + MAX_DEPTH);
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                JsonToken n;
                while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (m.containsKey(name)) {
                        throw new Refused(DUPLICATE, name);
                    }
                    if (m.size() == MAX_MEMBERS) {
                        throw new Refused(TOO_MANY, "more than " + MAX_MEMBERS + " members");
                    }
                    m.put(name, read(p, p.nextToken(), depth + 1));
                }
                if (n != JsonToken.END_OBJECT) {
                    throw new Refused(MALFORMED, "unterminated object");
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (n == null) {
                        throw new Refused(MALFORMED, "unterminated array");
                    }
                    if (l.size() == MAX_ELEMENTS) {
                        throw new Refused(TOO_MANY, "more than " + MAX_ELEMENTS + " elements");
                    }
                    l.add(read(p, n, depth + 1));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getBigIntegerValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return NULL;
            }
            default -> throw new Refused(MALFORMED, "unexpected token");
        }
    }

    /** Whether {@code v} is an integer that fits a long. */
    static boolean isLong(Object v) {
        return v instanceof BigInteger b && b.bitLength() < 64;
    }
}

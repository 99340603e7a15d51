package io.hallmark.server.vuln;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hallmark.core.UntrustedInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Bounded JSON reading for advisory and SBOM documents, and strict field access that names what is wrong. */
final class Json {
    /** The largest advisory or SBOM document read. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxStringLength(256 * 1024)
                            .maxNumberLength(64)
                            .maxNameLength(1024)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();

    private Json() {}

    /** The document, or {@link UntrustedInputException} when too large or not well-formed JSON. */
    static JsonNode read(byte[] bytes, String what) {
        if (bytes.length > MAX_BYTES) {
            throw new UntrustedInputException(what + ": more than " + MAX_BYTES + " bytes");
        }
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null || n.isMissingNode()) {
                throw new UntrustedInputException(what + ": empty document");
            }
            return n;
        } catch (IOException e) {
            throw new UntrustedInputException(what + ": not well-formed JSON");
        }
    }

    /** A required string member. */
    static String text(JsonNode o, String field, int max) {
        return optText(o, field, max).orElseThrow(() -> new UntrustedInputException(field + ": missing"));
    }

    /** An optional string member; present but not a string, or longer than {@code max}, is an error. */
    static Optional<String> optText(JsonNode o, String field, int max) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new UntrustedInputException(field + ": not a string");
        }
        String s = n.textValue();
        if (s.length() > max) {
            throw new UntrustedInputException(field + ": longer than " + max + " characters");
        }
        return Optional.of(s);
    }

    /** An optional array member's elements (empty when absent); more than {@code max} is an error. */
    static List<JsonNode> array(JsonNode o, String field, int max) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new UntrustedInputException(field + ": not an array");
        }
        if (n.size() > max) {
            throw new UntrustedInputException(field + ": more than " + max + " entries");
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        n.forEach(out::add);
        return out;
    }

    /** An optional array of strings. */
    static List<String> strings(JsonNode o, String field, int maxItems, int maxLength) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : array(o, field, maxItems)) {
            if (!e.isTextual() || e.textValue().length() > maxLength) {
                throw new UntrustedInputException(field + ": entries must be strings of at most " + maxLength);
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** The member as an object, or an error. */
    static JsonNode object(JsonNode n, String what) {
        if (n == null || !n.isObject()) {
            throw new UntrustedInputException(what + ": not an object");
        }
        return n;
    }
}

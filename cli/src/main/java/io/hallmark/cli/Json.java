package io.hallmark.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON for the CLI. Request bodies are the protocol records, written without null fields; answers are read as trees
 * (their text is printed as received), so that the CLI needs no knowledge of how the server renders times.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Parses an answer of the server. */
    static JsonNode read(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw CliException.failed("the server's answer is empty (expected: JSON)");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw CliException.failed("the server's answer is not JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** Parses an answer of the server as a protocol record; unknown fields are ignored. */
    static <T> T read(String body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw CliException.failed(
                    "the server's answer is not a " + type.getSimpleName() + " (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** A new empty object node, for output the CLI composes itself. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}

package io.hallmark.server.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hallmark.server.errors.InvalidRequestException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * The JSON codec of the API: strict on input (unknown fields, trailing content, duplicate keys and type coercions
 * are refused with a message naming the field), ISO-8601 times on output.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                    // buffers shared across virtual threads instead of one set per thread
                    .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.newConcurrentDequePool())
                    .build())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxStringLength(65_536)
                        .maxNumberLength(20)
                        .build());
        // "1" is not a number and 1 is not a string: no silent coercion of scalars
        MAPPER.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        MAPPER.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        MAPPER.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert);
        MAPPER.coercionConfigFor(LogicalType.DateTime)
                .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
    }

    private Json() {}

    /**
     * Decodes a request body into {@code type}.
     *
     * @throws InvalidRequestException with a message that names the field and the problem
     */
    static <T> T decode(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("a JSON body is required");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new InvalidRequestException("the body must be a JSON object, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequestException("unknown field '" + e.getPropertyName() + "'");
        } catch (InvalidFormatException e) {
            throw new InvalidRequestException(where(e) + "not a valid " + simple(e.getTargetType()));
        } catch (MismatchedInputException e) {
            String target = e.getTargetType() == null ? "value" : simple(e.getTargetType());
            throw new InvalidRequestException(where(e) + "expected " + article(target));
        } catch (JsonParseException e) {
            throw new InvalidRequestException("malformed JSON: " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            throw new InvalidRequestException(where(e) + "invalid value");
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("malformed JSON");
        } catch (IOException e) {
            throw new InvalidRequestException("the body cannot be read");
        }
    }

    /** Encodes a response body. */
    static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response cannot be encoded", e);
        }
    }

    private static String where(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "body: " : "field '" + path + "': ";
    }

    private static String simple(Class<?> type) {
        if (type == String.class) {
            return "string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "array";
        }
        if (type == java.time.Instant.class) {
            return "date-time";
        }
        return type.isRecord() ? "object" : type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }
}

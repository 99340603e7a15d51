package io.hallmark.assurance;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hallmark.assurance.ProfileException.Problem;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a product profile from YAML bytes: first a streaming pass that records where each value sits (a JSON pointer
 * to line and column), then Jackson binding to {@link Profile}, refusing unknown fields and duplicate keys.
 *
 * <p>Any failure becomes a {@link ProfileException} carrying file, line and column; nothing else escapes.
 */
final class ProfileReader {
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private final ObjectMapper mapper;

    ProfileReader() {
        YAMLFactory factory = YAMLFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxStringLength(1 << 20)
                        .build())
                .build();
        mapper = new ObjectMapper(factory)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** A profile as bound, with where each of its values was written. */
    record Read(Profile profile, Locations locations) {}

    /**
     * Reads {@code bytes}, naming {@code file} in every problem.
     *
     * @throws ProfileException when the text is not YAML or does not bind to a profile
     */
    Read read(String file, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new ProfileException(List.of(
                    new Problem(file, 0, 0, "size: " + bytes.length + " bytes (expected: <= " + MAX_BYTES + ")")));
        }
        Locations locations = locate(file, bytes);
        if (locations.isEmpty()) {
            throw new ProfileException(List.of(new Problem(file, 1, 1, "profile: empty (expected: a YAML mapping)")));
        }
        Profile profile;
        try {
            profile = mapper.readValue(bytes, Profile.class);
        } catch (JsonProcessingException e) {
            throw new ProfileException(List.of(problem(file, e, locations)));
        } catch (IOException | RuntimeException e) {
            // the YAML layer can fail outside Jackson's exception types (e.g. a reader error on a control character)
            throw new ProfileException(List.of(new Problem(file, 0, 0, "not readable as YAML: " + firstLine(e))));
        }
        if (profile == null) {
            throw new ProfileException(List.of(new Problem(file, 1, 1, "profile: empty (expected: a YAML mapping)")));
        }
        return new Read(profile, locations);
    }

    private Locations locate(String file, byte[] bytes) {
        Map<String, int[]> at = new HashMap<>();
        try (JsonParser p = mapper.getFactory().createParser(bytes)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY || t == JsonToken.FIELD_NAME) {
                    continue;
                }
                JsonLocation l = p.currentTokenLocation();
                at.putIfAbsent(
                        p.getParsingContext().pathAsPointer().toString(), new int[] {l.getLineNr(), l.getColumnNr()});
            }
        } catch (JsonProcessingException e) {
            throw new ProfileException(List.of(problem(file, e, null)));
        } catch (IOException | RuntimeException e) {
            throw new ProfileException(List.of(new Problem(file, 0, 0, "not readable as YAML: " + firstLine(e))));
        }
        return new Locations(file, at);
    }

    private static Problem problem(String file, JsonProcessingException e, Locations locations) {
        JsonLocation l = e.getLocation();
        int line = l == null ? 0 : Math.max(0, l.getLineNr());
        int column = l == null ? 0 : Math.max(0, l.getColumnNr());
        if (locations != null && e instanceof JsonMappingException m) {
            // where the offending value was written is more precise than where the parser stood
            int[] at = locations.exact(pointer(m));
            if (at != null) {
                line = at[0];
                column = at[1];
            }
        }
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            TreeSet<String> known = new TreeSet<>();
            for (Object k : u.getKnownPropertyIds()) {
                known.add(String.valueOf(k));
            }
            message = path(u) + ": unknown field (expected: one of " + String.join(", ", known) + ")";
        } else if (e instanceof JsonMappingException m) {
            message = path(m) + ": " + firstLine(m.getOriginalMessage());
        } else {
            message = "not valid YAML: " + firstLine(e.getOriginalMessage());
        }
        return new Problem(file, line, column, message);
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(r.getFieldName());
            }
        }
        return out.isEmpty() ? "profile" : out.toString();
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                out.append('/').append(r.getIndex());
            } else if (r.getFieldName() != null) {
                out.append('/').append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
            }
        }
        return out.toString();
    }

    private static String firstLine(Throwable e) {
        return firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    /** Line and column of each value, by JSON pointer; a missing pointer falls back to its nearest ancestor. */
    static final class Locations {
        private final String file;
        private final Map<String, int[]> at;

        Locations(String file, Map<String, int[]> at) {
            this.file = file;
            this.at = Map.copyOf(at);
        }

        /** A problem at {@code pointer} (e.g. {@code /threats/2/targets/0}). */
        Problem problem(String pointer, String message) {
            String p = pointer;
            while (true) {
                int[] lc = at.get(p);
                if (lc != null) {
                    return new Problem(file, lc[0], lc[1], message);
                }
                if (p.isEmpty()) {
                    return new Problem(file, 1, 1, message);
                }
                p = p.substring(0, p.lastIndexOf('/'));
            }
        }

        /** The line and column of exactly {@code pointer}, or null. */
        int[] exact(String pointer) {
            return at.get(pointer);
        }

        boolean isEmpty() {
            return at.isEmpty();
        }
    }
}

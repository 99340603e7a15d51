package io.hallmark.server.http;

import io.hallmark.protocol.v1.PageView;
import io.hallmark.protocol.v1.Problem;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the OpenAPI 3.1 document of the operator API from the route list, with JSON Schemas derived from the
 * protocol records. A public route carries {@code security: []}; every other one needs the bearer token.
 */
final class OpenApi {
    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

    private OpenApi() {}

    static Map<String, Object> document(List<RouteSpec> routes) {
        Map<String, Object> schemas = new TreeMap<>();
        schema(Problem.class, schemas);
        Map<String, Object> paths = new TreeMap<>();
        for (RouteSpec r : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.path(), p -> new TreeMap<>());
            item.put(r.method().toLowerCase(java.util.Locale.ROOT), operation(r, schemas));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put(
                "info",
                Map.of(
                        "title", "Hallmark operator API",
                        "version", "1",
                        "description",
                                "Organizations, users, tokens, break-glass access and the tamper-evident audit log. "
                                        + "Errors are RFC 9457 problem documents."));
        doc.put("security", List.of(Map.of("bearer", List.of())));
        doc.put("paths", paths);
        doc.put(
                "components",
                Map.of(
                        "securitySchemes",
                        Map.of(
                                "bearer",
                                Map.of(
                                        "type",
                                        "http",
                                        "scheme",
                                        "bearer",
                                        "description",
                                        "An API token: hm1.<id>.<secret>")),
                        "schemas",
                        schemas));
        return doc;
    }

    private static Map<String, Object> operation(RouteSpec r, Map<String, Object> schemas) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", r.operationId());
        op.put("summary", r.summary());
        if (r.isPublic()) {
            op.put("security", List.of());
        } else if (!r.anyOf().isEmpty()) {
            op.put(
                    "x-hallmark-permissions",
                    r.anyOf().stream().map(Enum::name).sorted().toList());
        }
        List<Object> params = new java.util.ArrayList<>();
        Matcher m = PARAM.matcher(r.path());
        while (m.find()) {
            params.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        if (r.response() == PageView.class) {
            params.add(query("cursor", "the nextCursor of the previous page"));
            params.add(query("limit", "1..500 (default 50)"));
        }
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        if (r.request() != null) {
            op.put(
                    "requestBody",
                    Map.of(
                            "required",
                            true,
                            "content",
                            Map.of("application/json", Map.of("schema", ref(schema(r.request(), schemas))))));
        }
        Map<String, Object> responses = new TreeMap<>();
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("description", "success");
        if (r.response() != null && r.response() != Map.class) {
            Object s = r.response() == PageView.class
                    ? pageSchema(r.responseItem(), schemas)
                    : ref(schema(r.response(), schemas));
            ok.put("content", Map.of(r.responseMediaType(), Map.of("schema", s)));
        } else if (r.response() == Map.class) {
            ok.put("content", Map.of("application/json", Map.of("schema", Map.of("type", "object"))));
        } else if (r.responseMediaType() != null) {
            ok.put("content", Map.of(r.responseMediaType(), Map.of("schema", Map.of("type", "string"))));
        }
        responses.put(String.valueOf(r.status()), ok);
        if (r.status() == 201 && r.operationId().equals("createAuditCheckpoint")) {
            responses.put("204", Map.of("description", "no entry since the last checkpoint"));
        }
        Map<String, Object> problem = Map.of(
                "description",
                "problem",
                "content",
                Map.of("application/problem+json", Map.of("schema", ref("Problem"))));
        responses.put("4XX", problem);
        if (!r.isPublic()) {
            responses.put("401", problem);
            responses.put("403", problem);
        }
        op.put("responses", responses);
        return op;
    }

    private static Map<String, Object> query(String name, String description) {
        return Map.of(
                "name",
                name,
                "in",
                "query",
                "required",
                false,
                "description",
                description,
                "schema",
                Map.of("type", name.equals("limit") ? "integer" : "string"));
    }

    private static Map<String, Object> pageSchema(Class<?> item, Map<String, Object> schemas) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("items", Map.of("type", "array", "items", ref(schema(item, schemas))));
        props.put("nextCursor", Map.of("type", List.of("string", "null")));
        return Map.of("type", "object", "required", List.of("items"), "properties", props);
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    /** Adds the schema of a record (and the records it holds) and returns its name. */
    static String schema(Class<?> type, Map<String, Object> schemas) {
        String name = type.getSimpleName();
        if (schemas.containsKey(name)) {
            return name;
        }
        schemas.put(name, Map.of()); // placeholder against cycles
        Map<String, Object> props = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            props.put(c.getName(), typeSchema(c.getGenericType(), schemas));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("additionalProperties", false);
        s.put("properties", props);
        schemas.put(name, s);
        return name;
    }

    private static Object typeSchema(Type t, Map<String, Object> schemas) {
        if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
            return Map.of("type", "array", "items", typeSchema(p.getActualTypeArguments()[0], schemas));
        }
        if (t instanceof Class<?> c) {
            if (c == String.class) {
                return Map.of("type", List.of("string", "null"));
            }
            if (c == int.class || c == long.class) {
                return Map.of("type", "integer");
            }
            if (c == Integer.class || c == Long.class) {
                return Map.of("type", List.of("integer", "null"));
            }
            if (c == boolean.class) {
                return Map.of("type", "boolean");
            }
            if (c == Boolean.class) {
                return Map.of("type", List.of("boolean", "null"));
            }
            if (c == Instant.class) {
                return Map.of("type", List.of("string", "null"), "format", "date-time");
            }
            if (c.isRecord()) {
                return ref(schema(c, schemas));
            }
        }
        return Map.of();
    }
}

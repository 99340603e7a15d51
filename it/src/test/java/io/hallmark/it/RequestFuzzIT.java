package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hallmark.server.http.RouteSpec;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whatever a client sends, the operator API answers without a server error, and every refusal is an RFC 9457
 * problem document with a status, a detail and the request id, never a stack trace. Arbitrary bodies (random bytes,
 * random JSON, the routes' own fields with wrong types, unknown fields, oversized strings, invalid UTF-8, deep
 * nesting) go with arbitrary content types to every POST, PUT and PATCH route; every GET route is asked with query
 * parameters of any value (numbers out of range, malformed times and cursors, control characters, long strings); mostly as the platform admin, so that the
 * bodies are read; garbage paths and methods are answered with 404 and 405 documents.
 */
class RequestFuzzIT {
    private static final List<String> STACK_TRACE_FRAGMENTS =
            List.of("at io.", "at java.", "at org.", "Exception", "java.lang", "Caused by");
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final int MAX_BODY = 64 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Logger LOG = LoggerFactory.getLogger(RequestFuzzIT.class);

    private static TestServer server;
    private static List<RouteSpec> bodyRoutes;
    private static List<RouteSpec> allRoutes;
    private static String orgId;
    private static String victimId;

    @BeforeContainer
    static void startServer() {
        server = TestServer.givenServer(Store.H2);
        allRoutes = server.server().api().routes();
        bodyRoutes = allRoutes.stream()
                .filter(r -> r.method().equals("POST")
                        || r.method().equals("PUT")
                        || r.method().equals("PATCH"))
                .toList();
        assertThat(bodyRoutes).as("POST and PATCH routes").isNotEmpty();
        orgId = server.givenOrganization("Fuzz Target", "manufacturer");
        // path parameters name this user, never the admin, so a generated {"disabled": true} cannot lock the fuzzer out
        victimId = server.givenUser(orgId, "operator").id();
    }

    @AfterContainer
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    // --- properties

    @Property(tries = 250)
    void randomBytesAreAnsweredSafely(@ForAll("randomBytes") Call call) {
        assertAnsweredSafely(call, call.send());
    }

    @Property(tries = 300)
    void randomJsonValuesAreAnsweredSafely(@ForAll("randomJson") Call call) {
        assertAnsweredSafely(call, call.send());
    }

    @Property(tries = 500)
    void routeFieldsWithAnyValuesAndUnknownFieldsAreAnsweredSafely(@ForAll("routeFields") Call call) {
        assertAnsweredSafely(call, call.send());
    }

    @Property(tries = 400)
    void queryParametersWithAnyValuesAreAnsweredSafely(@ForAll("queries") Call call) {
        assertAnsweredSafely(call, call.send());
    }

    @Property(tries = 25)
    void bodiesBeyondTheLimitAreRefusedAsTooLarge(@ForAll("oversized") Call call) {
        Api.Response r = call.send();

        assertAnsweredSafely(call, r);
        if (call.readsBody()) {
            assertThat(r.status()).as("%s -> %s", call, r).isEqualTo(413);
        }
    }

    @Property(tries = 80)
    void invalidUtf8IsRefused(@ForAll("invalidUtf8") Call call) {
        Api.Response r = call.send();

        assertAnsweredSafely(call, r);
        if (call.readsBody()) {
            assertThat(r.status()).as("%s -> %s", call, r).isBetween(400, 499);
        }
    }

    @Property(tries = 60)
    void deeplyNestedJsonIsRefused(@ForAll("deeplyNested") Call call) {
        Api.Response r = call.send();

        assertAnsweredSafely(call, r);
        if (call.readsBody()) {
            assertThat(r.status()).as("%s -> %s", call, r).isBetween(400, 499);
        }
    }

    @Property(tries = 300)
    void garbagePathsAndMethodsAreNotFoundOrNotAllowed(@ForAll("garbagePaths") Call call) {
        Api.Response r = call.send();

        assertAnsweredSafely(call, r);
        if (call.toString().contains("%")) {
            // a percent escape Jetty cannot decode (%00, a broken UTF-8 sequence) is a malformed URI
            assertThat(r.status()).as("%s -> %s", call, r).isIn(400, 404, 405);
        } else {
            assertThat(r.status()).as("%s -> %s", call, r).isIn(404, 405);
        }
    }

    @Property(tries = 150)
    void methodsARouteDoesNotServeAreNotAllowed(@ForAll("wrongMethods") Call call) {
        Api.Response r = call.send();

        assertAnsweredSafely(call, r);
        assertThat(r.status()).as("%s -> %s", call, r).isEqualTo(405);
    }

    @Example
    void pathsTheServerCannotDecodeAreProblemDocuments() {
        Map<String, String> answers = new TreeMap<>();
        for (String path : List.of(
                "/api/v1/users/%00",
                "/api/v1/users/%80", "/api/v1/users/%C0%AF", "/api/v1/zz-%FF%FE", "/api/v1/zz-" + "a".repeat(9000))) {
            Api.Response r = new Call(null, "GET", path, Sender.ADMIN, null, null).send();
            answers.put(
                    path.length() > 40 ? path.substring(0, 40) + "..." : path,
                    r.status() + " " + r.header("Content-Type"));
        }

        assertThat(answers).as("status and Content-Type by path").allSatisfy((path, answer) -> assertThat(answer)
                .matches("4\\d\\d application/problem\\+json.*"));
    }

    @Example
    void headIsAnsweredAsGetWouldBe() {
        Map<String, Integer> get = new TreeMap<>();
        Map<String, Integer> head = new TreeMap<>();
        for (RouteSpec route : allRoutes) {
            if (!route.method().equals("GET")
                    || route.isPublic()
                    || route.path().contains("{")) {
                continue;
            }
            for (Sender sender : List.of(Sender.NOBODY, Sender.FORGED_TOKEN)) {
                String key = route.path() + " as " + sender;
                get.put(
                        key,
                        new Call(route, "GET", route.path(), sender, null, null)
                                .send()
                                .status());
                head.put(
                        key,
                        new Call(route, "HEAD", route.path(), sender, null, null)
                                .send()
                                .status());
            }
        }

        assertThat(get).as("GET without a valid token").isNotEmpty().allSatisfy((k, status) -> assertThat(status)
                .isEqualTo(401));
        assertThat(head).as("HEAD, by route and sender").isEqualTo(get);
    }

    private static void assertAnsweredSafely(Call call, Api.Response r) {
        assertThat(r.status()).as("%s -> %s", call, r).isLessThan(500);
        if (r.status() >= 400 && !call.method().equals("HEAD")) {
            assertThat(r.header("Content-Type")).as("%s -> %s", call, r).startsWith("application/problem+json");
            JsonNode problem = r.json();
            assertThat(problem.path("status").asInt()).as("%s -> %s", call, r).isEqualTo(r.status());
            assertThat(problem.path("detail").asText()).as("%s -> %s", call, r).isNotBlank();
            assertThat(problem.path("requestId").asText())
                    .as("%s -> %s", call, r)
                    .isNotBlank()
                    .isEqualTo(r.header("X-Request-Id"));
        }
        for (String fragment : STACK_TRACE_FRAGMENTS) {
            assertThat(r.body()).as("%s -> %s", call, r).doesNotContain(fragment);
        }
    }

    // --- one request

    /** Who sends a request. */
    enum Sender {
        ADMIN,
        NOBODY,
        FORGED_TOKEN;

        String token() {
            return switch (this) {
                case ADMIN -> server.adminToken();
                case NOBODY -> null;
                case FORGED_TOKEN -> "hm1_tok0000000000000000_notasecretatall";
            };
        }
    }

    /** A request to send; {@code route} is null for paths that name no route. */
    record Call(RouteSpec route, String method, String path, Sender sender, String contentType, byte[] body) {
        Api.Response send() {
            try {
                return server.api().send(method, path, sender.token(), body, contentType);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof IOException)) {
                    throw e;
                }
                // HTTP/1.1 lets a server close a persistent connection at any time (RFC 9112 §9.3.1); when the request
                // met such a close before any answer, it is sent once more, on a new connection. A server that fails
                // this request for real fails it the second time too.
                LOG.warn(
                        "{}: the connection closed before an answer ({}); sent again",
                        this,
                        e.getCause().toString());
                return server.api().send(method, path, sender.token(), body, contentType);
            }
        }

        /** Whether the server reaches the body: a route with a JSON request, an admin, and a JSON content type. */
        boolean readsBody() {
            return route != null
                    && route.request() != null
                    && adminMay(route)
                    && sender == Sender.ADMIN
                    && contentType != null
                    && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
        }

        @Override
        public String toString() {
            String shown = body == null ? "-" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return method + " " + path + " as " + sender + ", Content-Type " + contentType + ", "
                    + (body == null ? 0 : body.length) + " bytes: " + shown;
        }
    }

    private static boolean adminMay(RouteSpec route) {
        // the platform admin holds every permission but starting break-glass, which is for security officers
        return !route.operationId().equals("startBreakGlass");
    }

    // --- generators

    @Provide
    Arbitrary<Call> randomBytes() {
        return calls(
                bodyRoutesArbitrary(), Arbitraries.bytes().array(byte[].class).ofMaxSize(4096));
    }

    @Provide
    Arbitrary<Call> randomJson() {
        return calls(bodyRoutesArbitrary(), jsonValues().map(RequestFuzzIT::bytes));
    }

    @Provide
    Arbitrary<Call> routeFields() {
        return bodyRoutesArbitrary().flatMap(route -> calls(Arbitraries.just(route), fieldObjects(route)));
    }

    @Provide
    Arbitrary<Call> oversized() {
        Arbitrary<byte[]> huge = Combinators.combine(
                        Arbitraries.integers().between(MAX_BODY + 1, 3 * MAX_BODY),
                        Arbitraries.of("name", "reason", "note", "org", "user"),
                        Arbitraries.chars().alpha())
                .as((size, field, c) -> {
                    ObjectNode o = NODES.objectNode();
                    o.put(field, String.valueOf(c).repeat(size));
                    return bytes(o);
                });
        return calls(bodyRoutesArbitrary(), huge, adminMostly(), jsonContentTypes());
    }

    @Provide
    Arbitrary<Call> queries() {
        Arbitrary<String> name = Arbitraries.of(
                "org",
                "limit",
                "cursor",
                "state",
                "severity",
                "check",
                "since",
                "until",
                "from",
                "to",
                "product",
                "serial",
                "device",
                "release",
                "kind",
                "status",
                "action",
                "actor",
                "level",
                "q",
                "sort",
                "format",
                "tag",
                "version",
                "all",
                "open");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        "0",
                        "-1",
                        "1",
                        "2147483648",
                        "9223372036854775808",
                        "-9223372036854775809",
                        "1e309",
                        "NaN",
                        "true",
                        "null",
                        "%00",
                        "%FF",
                        "%25",
                        "2026-13-45T99:99:99Z",
                        "2026-11-26T00:00:00Z",
                        "P1D",
                        "dev_",
                        "AAAA",
                        "!!!",
                        "../..",
                        "%0d%0aX-Injected:%201"),
                Arbitraries.strings().ofMaxLength(40).map(RequestFuzzIT::encode),
                Arbitraries.strings().alpha().ofMinLength(1000).ofMaxLength(6000));
        Arbitrary<String> query = Combinators.combine(name, value)
                .as((n, v) -> n + "=" + v)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(parts -> "?" + String.join("&", parts));
        List<RouteSpec> gets =
                allRoutes.stream().filter(r -> r.method().equals("GET")).toList();
        return Arbitraries.of(gets).flatMap(route -> Combinators.combine(pathOf(route), query, adminMostly())
                .as((path, q, sender) -> new Call(route, "GET", path + q, sender, null, null)));
    }

    @Provide
    Arbitrary<Call> invalidUtf8() {
        Arbitrary<byte[]> broken = Arbitraries.of(
                        new byte[] {(byte) 0xff},
                        new byte[] {(byte) 0xc3, 0x28},
                        new byte[] {(byte) 0xe2, (byte) 0x82},
                        new byte[] {(byte) 0xc0, (byte) 0xaf},
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                        new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0x80})
                .flatMap(bad -> Combinators.combine(
                                Arbitraries.of("name", "reason", "note", "org", "user", "roles"),
                                Arbitraries.strings().alpha().ofMaxLength(10),
                                Arbitraries.strings().alpha().ofMaxLength(10))
                        .as((field, before, after) -> {
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            out.writeBytes(("{\"" + field + "\":\"" + before).getBytes(StandardCharsets.UTF_8));
                            out.writeBytes(bad);
                            out.writeBytes((after + "\"}").getBytes(StandardCharsets.UTF_8));
                            return out.toByteArray();
                        }));
        return calls(bodyRoutesArbitrary(), broken, adminMostly(), jsonContentTypes());
    }

    @Provide
    Arbitrary<Call> deeplyNested() {
        Arbitrary<byte[]> nested = Combinators.combine(
                        Arbitraries.integers().between(33, 20_000), Arbitraries.of("[", "{\"a\":"))
                .as((depth, open) -> {
                    String close = open.equals("[") ? "]" : "}";
                    return (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
                });
        return calls(bodyRoutesArbitrary(), nested, adminMostly(), jsonContentTypes());
    }

    @Provide
    Arbitrary<Call> garbagePaths() {
        Arbitrary<String> prefix = Arbitraries.of("", "/api", "/api/v1", "/api/v2", "/api/v1/audit", "/api/v1/access");
        Arbitrary<String> segment = Arbitraries.strings()
                .withChars("abcxyzABC0123456789-._~!$&'()*+,;=:@")
                .ofMinLength(1)
                .ofMaxLength(12)
                // no "." or "..": the server resolves those, and could land on a real route
                .filter(s -> !s.chars().allMatch(c -> c == '.'));
        Arbitrary<String> escapes = Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(b -> "%" + HexFormat.ofDelimiter("%").withUpperCase().formatHex(b));
        Arbitrary<String> anySegment =
                Arbitraries.frequencyOf(Tuple.of(4, segment.map(RequestFuzzIT::encode)), Tuple.of(1, escapes));
        Arbitrary<String> path = Combinators.combine(
                        prefix, segment, anySegment.list().ofMaxSize(3), Arbitraries.of("", "/", "?x=1", "?cursor=%00"))
                .as((p, first, more, tail) -> p + "/zz-" + encode(first)
                        + more.stream().map(s -> "/" + s).collect(Collectors.joining()) + tail);
        return Combinators.combine(anyMethod(), path, senders(), anyContentType())
                .as((method, p, sender, ct) -> new Call(null, method, p, sender, ct, null));
    }

    @Provide
    Arbitrary<Call> wrongMethods() {
        return Arbitraries.of(allRoutes).flatMap(route -> anyMethod()
                .filter(m -> !served(route.path(), m))
                .flatMap(method -> Combinators.combine(pathOf(route), senders())
                        .as((path, sender) -> new Call(null, method, path, sender, null, null))));
    }

    /**
     * Whether some route serves {@code method} at {@code path}: the same template, or one whose path parameter takes
     * the literal segment ({@code GET /api/v1/releases/{release}} serves {@code GET /api/v1/releases/uploads}, where
     * "uploads" is then an id that does not exist).
     */
    private static boolean served(String path, String method) {
        String[] wanted = path.split("/", -1);
        return allRoutes.stream().filter(r -> r.method().equals(method)).anyMatch(r -> {
            String[] template = r.path().split("/", -1);
            if (template.length != wanted.length) {
                return false;
            }
            for (int i = 0; i < template.length; i++) {
                boolean parameter = template[i].startsWith("{") && !wanted[i].startsWith("{");
                if (!parameter && !template[i].equals(wanted[i])) {
                    return false;
                }
            }
            return true;
        });
    }

    private static Arbitrary<String> anyMethod() {
        return Arbitraries.oneOf(
                Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "MKCOL"),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(3).ofMaxLength(10));
    }

    private static Arbitrary<RouteSpec> bodyRoutesArbitrary() {
        return Arbitraries.of(bodyRoutes);
    }

    private static Arbitrary<Call> calls(Arbitrary<RouteSpec> routes, Arbitrary<byte[]> bodies) {
        return calls(routes, bodies, senders(), anyContentType());
    }

    private static Arbitrary<Call> calls(
            Arbitrary<RouteSpec> routes,
            Arbitrary<byte[]> bodies,
            Arbitrary<Sender> senders,
            Arbitrary<String> contentTypes) {
        return routes.flatMap(route -> Combinators.combine(pathOf(route), senders, contentTypes, bodies)
                .as((path, sender, ct, body) -> new Call(route, route.method(), path, sender, ct, body)));
    }

    private static Arbitrary<Sender> senders() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(Sender.ADMIN)),
                Tuple.of(1, Arbitraries.just(Sender.NOBODY)),
                Tuple.of(1, Arbitraries.just(Sender.FORGED_TOKEN)));
    }

    private static Arbitrary<Sender> adminMostly() {
        return Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just(Sender.ADMIN)), Tuple.of(1, Arbitraries.just(Sender.NOBODY)));
    }

    private static Arbitrary<String> jsonContentTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "Application/JSON");
    }

    /** Content types; null sends none. */
    private static Arbitrary<String> anyContentType() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, jsonContentTypes()),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "text/plain",
                                "application/x-www-form-urlencoded",
                                "multipart/form-data; boundary=zz",
                                "application/xml",
                                "application/problem+json",
                                "application/json; charset=utf-16",
                                "application/octet-stream")),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withCharRange('!', '~')
                                .ofMinLength(1)
                                .ofMaxLength(40)),
                Tuple.of(1, Arbitraries.just((String) null)));
    }

    /** The route's path with its {params} filled: a real id, a plausible one, or any printable text. */
    private static Arbitrary<String> pathOf(RouteSpec route) {
        Matcher m = PARAM.matcher(route.path());
        if (!m.find()) {
            return Arbitraries.just(route.path());
        }
        String name = m.group(1);
        Arbitrary<String> value = Arbitraries.oneOf(
                name.equals("user") ? Arbitraries.just(victimId) : Arbitraries.just("bg_0123456789abcdef"),
                Arbitraries.strings()
                        .withChars("0123456789abcdef")
                        .ofLength(16)
                        .map(hex -> (name.equals("user") ? "usr_" : "bg_") + hex),
                // printable text: what a path cannot carry at all is the subject of the garbage path properties
                Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .withCharRange('\u00a0', '\u024f')
                        .ofMinLength(1)
                        .ofMaxLength(40)
                        .filter(v -> !v.chars().allMatch(c -> c == '.'))
                        .map(RequestFuzzIT::encode));
        // every {param} of the path gets the value (routes such as /cra/cases/{case}/reports/{stage} have two)
        return value.map(v -> PARAM.matcher(route.path()).replaceAll(Matcher.quoteReplacement(v)));
    }

    /** Objects made of the route's own fields and unknown ones, with plausible or wrong-typed values. */
    private static Arbitrary<byte[]> fieldObjects(RouteSpec route) {
        List<String> known = route.request() == null
                ? List.of("name", "reason")
                : Arrays.stream(route.request().getRecordComponents())
                        .map(c -> c.getName())
                        .toList();
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(known)),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)));
        Arbitrary<JsonNode> value = Arbitraries.frequencyOf(Tuple.of(3, plausibleValues()), Tuple.of(2, jsonValues()));
        return Arbitraries.maps(key, value).ofMaxSize(6).map(fields -> {
            ObjectNode o = NODES.objectNode();
            fields.forEach(o::set);
            return bytes(o);
        });
    }

    private static Arbitrary<JsonNode> plausibleValues() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.of(
                        orgId,
                        victimId,
                        "Fuzz Target",
                        "operator",
                        "admin",
                        "auditor",
                        "security-officer",
                        "manufacturer",
                        "owner",
                        "platform",
                        "",
                        " ",
                        "correct horse battery staple"),
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars("._-@ ")
                        .ofMinLength(1)
                        .ofMaxLength(70));
        return Arbitraries.oneOf(
                text.map(NODES::textNode),
                text.list().ofMaxSize(4).map(list -> {
                    ArrayNode a = NODES.arrayNode();
                    list.forEach(a::add);
                    return a;
                }),
                Arbitraries.integers().between(-2, 400).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode));
    }

    /** Any JSON value: scalars of every type and unicode, nested up to four levels. */
    private static Arbitrary<JsonNode> jsonValues() {
        return Arbitraries.recursive(RequestFuzzIT::scalars, RequestFuzzIT::containersOf, 0, 4);
    }

    private static Arbitrary<JsonNode> scalars() {
        Arbitrary<String> unicode = Arbitraries.strings()
                .withCharRange('\u0000', '\u00ff')
                .withCharRange('\u0370', '\u03ff')
                .withCharRange('\u4e00', '\u4e2f')
                .withCharRange('\u202a', '\u202e')
                .withChars('\ufeff', '\ufffd', '\u0000')
                .ofMaxLength(80);
        Arbitrary<String> emoji = Arbitraries.integers()
                .between(0x1f300, 0x1faff)
                .list()
                .ofMinSize(1)
                .ofMaxSize(5)
                .map(points -> points.stream().map(Character::toString).collect(Collectors.joining()));
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TEN.pow(18), BigInteger.TEN.pow(40))
                        .map(NODES::numberNode),
                Arbitraries.bigDecimals()
                        .between(new BigDecimal("-1e6"), new BigDecimal("1e6"))
                        .ofScale(12)
                        .map(NODES::numberNode),
                unicode.map(NODES::textNode),
                emoji.map(NODES::textNode));
    }

    private static Arbitrary<JsonNode> containersOf(Arbitrary<JsonNode> inner) {
        Arbitrary<JsonNode> array = inner.list().ofMaxSize(4).map(items -> {
            ArrayNode a = NODES.arrayNode();
            items.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(
                        Arbitraries.strings().all().ofMaxLength(10).filter(RequestFuzzIT::wellFormed), inner)
                .ofMaxSize(4)
                .map(fields -> {
                    ObjectNode o = NODES.objectNode();
                    fields.forEach(o::set);
                    return o;
                });
        return Arbitraries.oneOf(array, object);
    }

    /** Strings without unpaired surrogates: those are sent as invalid UTF-8 on purpose, by another property. */
    private static boolean wellFormed(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return Api.JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.server.http.RouteSpec;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The OpenAPI document served at /api/v1/openapi.json names exactly the routes the server answers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT {
    private TestServer server;
    private JsonNode doc;

    @BeforeAll
    void start() {
        server = TestServer.givenServer(Store.H2);
        var r = server.api().get("/api/v1/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        doc = r.json();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private Set<String> documented() {
        Set<String> ops = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        while (paths.hasNext()) {
            var p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> ops.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey()));
        }
        return ops;
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndNothingElse() {
        assertThat(documented())
                .containsExactlyInAnyOrderElementsOf(server.server().api().registeredRoutes());
    }

    @Test
    void documentIsOpenApi31WithBearerSecurity() {
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/security/0/bearer").isArray()).isTrue();
    }

    @Test
    void publicOperationsCarryAnEmptySecurityAndOthersInheritTheToken() {
        for (RouteSpec r : server.server().api().routes()) {
            JsonNode op = doc.get("paths").get(r.path()).get(r.method().toLowerCase(Locale.ROOT));
            if (r.isPublic()) {
                assertThat(op.get("security")).as(r.path()).isNotNull();
                assertThat(op.get("security").isEmpty()).as(r.path()).isTrue();
                // and it really answers without a token (with a parameter: an unknown id, so 404, never 401;
                // LabelIT shows the label status routes answering 200 for an issued label)
                if (r.method().equals("GET") && r.path().contains("{")) {
                    String path = r.path().replaceAll("\\{[^}]+}", "lbl_00000000000000000000");
                    assertThat(server.api().get(path, null).status()).as(path).isEqualTo(404);
                } else if (r.method().equals("GET")) {
                    assertThat(server.api().get(r.path(), null).status())
                            .as(r.path())
                            .isEqualTo(200);
                }
            } else {
                assertThat(op.get("security")).as(r.path()).isNull();
                assertThat(op.at("/responses/401")).as(r.path()).isNotNull();
            }
        }
    }

    @Test
    void everySchemaReferenceResolves() {
        Set<String> refs = new HashSet<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void operationIdsAreUnique() {
        assertThat(server.server().api().routes())
                .extracting(RouteSpec::operationId)
                .doesNotHaveDuplicates();
    }

    static String routeTable(java.util.List<RouteSpec> routes) {
        StringBuilder sb = new StringBuilder("| route | who may call it |\n|---|---|\n");
        for (RouteSpec r : routes) {
            String who = r.isPublic()
                    ? "anyone, no token"
                    : r.anyOf().isEmpty()
                            ? "any valid token"
                            : r.anyOf().stream()
                                    .map(p -> "`"
                                            + p.name().toLowerCase(Locale.ROOT).replace('_', '-') + "`")
                                    .sorted()
                                    .collect(java.util.stream.Collectors.joining(" or "));
            sb.append("| `")
                    .append(r.method())
                    .append(' ')
                    .append(r.path())
                    .append("` | ")
                    .append(who)
                    .append(" |\n");
        }
        return sb.toString();
    }

    @Test
    void accessDocumentListsEveryRouteWithItsPermissions() throws Exception {
        java.nio.file.Path doc = java.nio.file.Path.of(System.getProperty("hallmark.repo", ".."), "docs", "access.md");
        String text = java.nio.file.Files.readString(doc);
        String begin = "<!-- route-table:begin -->";
        int from = text.indexOf(begin);
        int to = text.indexOf("<!-- route-table:end -->");
        assertThat(from).as("route-table markers in docs/access.md").isNotNegative();
        String expected = routeTable(server.server().api().routes());
        assertThat(text.substring(from + begin.length(), to).strip())
                .as("replace the route table in docs/access.md with:%n%s", expected)
                .isEqualTo(expected.strip());
    }

    private static void collectRefs(JsonNode n, Set<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (n.isArray()) {
            n.forEach(x -> collectRefs(x, out));
        }
    }
}

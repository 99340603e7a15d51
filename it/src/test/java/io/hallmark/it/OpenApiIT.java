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
                // and it really answers without a token
                if (r.method().equals("GET")) {
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

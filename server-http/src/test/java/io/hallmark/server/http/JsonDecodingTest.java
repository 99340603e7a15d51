package io.hallmark.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.protocol.v1.BreakGlassStart;
import io.hallmark.protocol.v1.OrganizationCreate;
import io.hallmark.protocol.v1.TokenCreate;
import io.hallmark.protocol.v1.UserCreate;
import io.hallmark.protocol.v1.UserUpdate;
import io.hallmark.server.errors.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Request decoding: every input either decodes or is refused with a message; nothing else escapes. */
class JsonDecodingTest {
    private static final List<Class<?>> BODIES = List.of(
            OrganizationCreate.class, UserCreate.class, UserUpdate.class, TokenCreate.class, BreakGlassStart.class);

    @Property(tries = 2000)
    void arbitraryBytesDecodeOrAreRefusedWithAMessage(@ForAll byte[] body, @ForAll("bodies") Class<?> type) {
        decodeOrRefuse(body, type);
    }

    @Property(tries = 2000)
    void jsonShapedTextDecodesOrIsRefusedWithAMessage(@ForAll("jsonish") String body, @ForAll("bodies") Class<?> type) {
        decodeOrRefuse(body.getBytes(StandardCharsets.UTF_8), type);
    }

    private static void decodeOrRefuse(byte[] body, Class<?> type) {
        try {
            assertThat(Json.decode(body, type)).isInstanceOf(type);
        } catch (InvalidRequestException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\tat ", "com.fasterxml");
        }
    }

    @Provide
    Arbitrary<Class<?>> bodies() {
        return Arbitraries.of(BODIES);
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> atoms = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s.replace("\"", "") + "\""),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "[]", "{}", "\"\\u0000\"", "1e400", "-0", "\"\\ud800\""));
        Arbitrary<String> keys = Arbitraries.of(
                "name",
                "kinds",
                "org",
                "roles",
                "password",
                "tokenTtlDays",
                "disabled",
                "user",
                "ttlDays",
                "reason",
                "minutes",
                "evil",
                "__proto__",
                "");
        return Arbitraries.recursive(
                () -> atoms,
                inner -> Arbitraries.oneOf(
                        inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]"),
                        Arbitraries.maps(keys, inner).ofMaxSize(5).map(m -> {
                            StringBuilder sb = new StringBuilder("{");
                            m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "")
                                    .append('"')
                                    .append(k)
                                    .append("\":")
                                    .append(v));
                            return sb.append('}').toString();
                        })),
                4);
    }

    @Test
    void unknownFieldIsNamed() {
        assertThatThrownBy(
                        () -> Json.decode("{\"name\":\"a\",\"kinds\":[],\"x\":1}".getBytes(), OrganizationCreate.class))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("unknown field 'x'");
    }

    @Test
    void wrongTypeIsNamedWithItsField() {
        assertThatThrownBy(() -> Json.decode("{\"minutes\":\"5\"}".getBytes(), BreakGlassStart.class))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("minutes");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> Json.decode("{\"name\":\"a\",\"name\":\"b\"}".getBytes(), OrganizationCreate.class))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void trailingContentIsRefused() {
        assertThatThrownBy(() -> Json.decode("{\"name\":\"a\"} {}".getBytes(), OrganizationCreate.class))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "{\"name\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThatThrownBy(() -> Json.decode(deep.getBytes(), OrganizationCreate.class))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void emptyBodyAndNullAreRefused() {
        assertThatThrownBy(() -> Json.decode(new byte[0], TokenCreate.class)).hasMessageContaining("required");
        assertThatThrownBy(() -> Json.decode("null".getBytes(), TokenCreate.class))
                .isInstanceOf(InvalidRequestException.class);
    }
}

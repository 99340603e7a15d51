package io.hallmark.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever a configuration file, the environment or the flags hold, the server either gets a configuration or stops
 * with a {@link ConfigLoader.ConfigException} that names what is wrong, never another exception (which would print
 * a stack trace at start-up), and never a message that repeats the database password.
 */
class ConfigLoaderProperties {
    private static final String SECRET = "s3cret-Pa55word";

    @Property(tries = 400)
    void anyFileIsLoadedOrRefusedWithAMessage(@ForAll("yaml") String text) throws IOException {
        Path file = Files.createTempFile("hallmark", ".yaml");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            assertLoadsOrRefuses(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 300)
    void anyEnvironmentOrFlagValueIsLoadedOrRefusedWithAMessage(
            @ForAll("keys") String key, @ForAll("values") String value, @ForAll boolean asFlag) {
        Map<String, String> env = asFlag ? Map.of() : Map.of(ConfigLoader.envName(key), value);
        Map<String, String> flags = asFlag ? Map.of(key, value) : Map.of();
        assertLoadsOrRefuses(() -> ConfigLoader.load(Optional.empty(), env, flags));
    }

    @Property(tries = 300)
    void theDatabasePasswordIsNeverRepeatedInARefusal(
            @ForAll("keys") String key, @ForAll("values") String value, @ForAll("yaml") String text)
            throws IOException {
        Path file = Files.createTempFile("hallmark", ".yaml");
        try {
            Files.writeString(file, "db-password: '" + SECRET + "'\n" + text, StandardCharsets.UTF_8);
            assertLoadsOrRefuses(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of(key, value)));
            Map<String, String> env = new java.util.HashMap<>();
            env.put(ConfigLoader.envName(key), value);
            env.put(ConfigLoader.envName("db-password"), SECRET);
            assertLoadsOrRefuses(() -> ConfigLoader.load(Optional.empty(), env, Map.of()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void assertLoadsOrRefuses(org.assertj.core.api.ThrowableAssert.ThrowingCallable load) {
        try {
            load.call();
        } catch (ConfigLoader.ConfigException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain(SECRET);
        } catch (Throwable t) {
            assertThatCode(() -> {
                        throw t;
                    })
                    .as("only ConfigException may come out of the loader")
                    .doesNotThrowAnyException();
        }
    }

    @Provide
    Arbitrary<String> keys() {
        List<String> keys = new ArrayList<>(ConfigLoader.DEFAULTS.keySet());
        keys.add("no-such-key");
        keys.add("audit.no-such-key");
        return Arbitraries.of(keys);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        " ",
                        "0",
                        "-1",
                        "65536",
                        "65535",
                        "2147483648",
                        "99999999999999999999",
                        "1e3",
                        "0x10",
                        "true",
                        "null",
                        "~",
                        "http://",
                        "ssl://",
                        "https://127.0.0.1:1/x",
                        "::1",
                        "a,b,,c",
                        "jdbc:postgresql://h/db",
                        "jdbc:mysql://h/db",
                        "/dev/null",
                        "\u0000",
                        "%s%n"),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> yaml() {
        Arbitrary<String> line = Combinators.combine(keys(), values()).as((k, v) -> {
            int dot = k.indexOf('.');
            String quoted = "'" + v.replace("'", "''") + "'";
            return dot < 0 ? k + ": " + quoted : k.substring(0, dot) + ":\n  " + k.substring(dot + 1) + ": " + quoted;
        });
        Arbitrary<String> structured = line.list().ofMaxSize(8).map(l -> String.join("\n", l) + "\n");
        Arbitrary<String> odd = Arbitraries.of(
                "- a\n- b\n",
                "42\n",
                "db-password: " + SECRET + "\napi-port: [1, 2]\n",
                "audit: 5\n",
                "audit:\n  checkpoint-entries: {a: 1}\n",
                "mqtt:\n  broker-url: !!binary AAAA\n",
                "&a [*a]\n",
                "bind: *undefined\n",
                "{ unclosed: \n",
                "\t- tab\n",
                "api-port: 1\napi-port: 2\n");
        return Arbitraries.frequencyOf(
                Tuple.of(5, structured),
                Tuple.of(2, odd),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(300)));
    }
}

package io.hallmark.server.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.tuf.TufKey;
import io.hallmark.server.errors.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The two documents a manager or owner uploads for a product's TUF role are fuzzed: each is read into a checked value
 * or refused with a request error or an untrusted-input error (both 4xx), never anything else.
 */
class ProductRoleInputPropertiesTest {
    private static final String KEYS = keysDoc();
    private static final String UPLOAD = "{\"role\":\"product-cam-200\",\"signatures\":[{\"keyid\":\"" + "ab".repeat(32)
            + "\",\"sig\":\"" + "cd".repeat(64) + "\"}],\"version\":7}";

    private static String keysDoc() {
        try {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (int i = 0; i < 2; i++) {
                TufKey k = TufKey.of(KeyPairGenerator.getInstance("Ed25519")
                        .generateKeyPair()
                        .getPublic());
                keys.put(k.keyId(), k.toJson());
            }
            return io.hallmark.core.CanonicalJson.write(Map.of("threshold", 2L, "keys", keys));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesAreReadOrRefused(@ForAll byte[] bytes) {
        readBoth(bytes);
    }

    @Property(tries = 2000)
    void mutatedValidDocumentsAreReadOrRefused(@ForAll("mutated") byte[] bytes) {
        readBoth(bytes);
    }

    @Property(tries = 1000)
    void tokenSoupIsReadOrRefused(@ForAll("soup") String json) {
        readBoth(json.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> base = Arbitraries.of(KEYS, UPLOAD).map(s -> s.getBytes(StandardCharsets.UTF_8));
        return net.jqwik.api.Combinators.combine(
                        base,
                        Arbitraries.integers().between(0, 10_000),
                        Arbitraries.bytes(),
                        Arbitraries.integers().between(0, 2))
                .as((b, at, value, op) -> {
                    int i = at % b.length;
                    return switch (op) {
                        case 0 -> {
                            byte[] c = b.clone();
                            c[i] = value;
                            yield c;
                        }
                        case 1 -> java.util.Arrays.copyOf(b, i);
                        default -> {
                            byte[] c = new byte[b.length + 1];
                            System.arraycopy(b, 0, c, 0, i);
                            c[i] = value;
                            System.arraycopy(b, i, c, i + 1, b.length - i);
                            yield c;
                        }
                    };
                });
    }

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> token = Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ",",
                ":",
                "\"role\"",
                "\"version\"",
                "\"signatures\"",
                "\"keyid\"",
                "\"sig\"",
                "\"threshold\"",
                "\"keys\"",
                "\"product-x\"",
                "\"" + "ab".repeat(32) + "\"",
                "0",
                "1",
                "-1",
                "2.5",
                "99999999999999999999",
                "true",
                "null",
                "\"\"",
                "\"ab\"",
                "{\"keytype\":\"ed25519\"}");
        return token.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    private static void readBoth(byte[] bytes) {
        try {
            OfflineKeys k = OfflineKeys.parse(bytes);
            assertThat(k.threshold()).isBetween(1, k.keys().size());
            assertThat(k.keys().size()).isBetween(1, OfflineKeys.MAX_KEYS);
        } catch (InvalidRequestException | UntrustedInputException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            SignatureUpload u = SignatureUpload.parse(bytes);
            assertThat(u.version()).isPositive();
            assertThat(u.role()).startsWith("product-");
            assertThat(u.signatures()).isNotEmpty();
        } catch (InvalidRequestException | UntrustedInputException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}

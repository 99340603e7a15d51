package io.hallmark.protocol.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The evidence parser and the appraiser are fuzzed: for any input they return findings with known ids, or evidence,
 * and never throw; a token they take is one they would take again.
 */
class EvidenceParserPropertiesTest {
    private static final AttestationFixtures DEVICE = new AttestationFixtures("SN-FUZZ");
    private static final String VALID = DEVICE.token(DEVICE.claims());
    private static final Appraiser APPRAISER = new Appraiser(Appraiser.Policy.DEFAULT);
    private static final Set<String> IDS = Arrays.stream(Finding.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
            .map(f -> {
                try {
                    return (String) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            })
            .collect(Collectors.toSet());

    @Property(tries = 2000)
    void arbitraryTextIsRefusedWithKnownFindings(@ForAll String text) {
        check(text);
    }

    @Property(tries = 2000)
    void mutatedValidTokensAreRefusedOrTakenNeverThrown(@ForAll("mutated") String token) {
        check(token);
    }

    @Property(tries = 2000)
    void tokenShapedJsonSoupIsRefusedOrTakenNeverThrown(@ForAll("soup") String token) {
        check(token);
    }

    private static void check(String token) {
        EvidenceParser.Parsed p = EvidenceParser.parse(token);
        assertThat(p.evidence().isPresent()).isEqualTo(p.findings().isEmpty());
        assertThat(p.findings()).allSatisfy(f -> assertThat(IDS).contains(f.id()));
        Appraiser.Appraisal a = APPRAISER.appraise(p, DEVICE.facts());
        assertThat(a.findings()).allSatisfy(f -> assertThat(IDS).contains(f.id()));
        if (p.evidence().isPresent()) {
            assertThat(EvidenceParser.parse(token).evidence()).isPresent();
        }
    }

    @Provide
    Arbitrary<String> mutated() {
        return Arbitraries.integers().between(0, VALID.length() - 1).tuple3().flatMap(t -> Arbitraries.chars()
                .with('.', '-', '_', 'A', 'e', '=', '{', '"', '\u00e9')
                .map(c -> {
                    StringBuilder b = new StringBuilder(VALID);
                    b.setCharAt(t.get1(), c);
                    if (t.get2() % 3 == 0) {
                        b.deleteCharAt(Math.min(t.get3(), b.length() - 1));
                    }
                    return b.toString();
                }));
    }

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> header = Arbitraries.of(
                "{\"alg\":\"ES256\",\"x5t#S256\":\"" + Base64Url.encode(EvidenceWriter.thumbprint(DEVICE.certificate))
                        + "\"}",
                "{\"alg\":\"none\"}",
                "{\"alg\":\"HS256\",\"x5t#S256\":\"AA\"}",
                "{\"alg\":\"ES256\",\"alg\":\"ES256\"}",
                "{\"alg\":1}",
                "{}",
                "[]");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of(
                        "1",
                        "-1",
                        "1.5",
                        "1e400",
                        "true",
                        "null",
                        "\"\"",
                        "[]",
                        "{}",
                        "[[50,\"e30\"]]",
                        "\"bm9uY2Utbm9uY2Utbm9uY2U\"",
                        "\"AZj1Ck_2wFhhyIYNE6Y46gA\"",
                        "[\"1.0\"]",
                        "\"enabled\"",
                        "99999999999999999999999",
                        "[[50,\""
                                + Base64Url.encode("{\"name\":\"k\",\"digest\":[\"sha-256\",\"AA\"]}"
                                        .getBytes(StandardCharsets.UTF_8))
                                + "\"]]"),
                Arbitraries.strings().ofMaxLength(12).map(s -> "\"" + s.replace("\"", "") + "\""));
        Arbitrary<String> name = Arbitraries.of(
                "eat_nonce",
                "ueid",
                "oemid",
                "hwmodel",
                "swname",
                "swversion",
                "dbgstat",
                "oemboot",
                "measurements",
                "iat",
                "x");
        Arbitrary<String> member = name.flatMap(n -> value.map(v -> "\"" + n + "\":" + v));
        Arbitrary<String> claims = member.list().ofMaxSize(14).map(l -> "{" + String.join(",", l) + "}");
        return header.flatMap(h -> claims.flatMap(c ->
                Arbitraries.of("", "AAAA", "A".repeat(86), "A".repeat(128)).map(s -> b64(h) + "." + b64(c) + "." + s)));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}

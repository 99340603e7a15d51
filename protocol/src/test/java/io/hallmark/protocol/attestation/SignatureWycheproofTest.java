package io.hallmark.protocol.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The evidence signature check ({@code Appraiser.checkSignature}: key fits the algorithm, P1363 length, then verify)
 * over Wycheproof's ECDSA P-256 and P-384 P1363 vectors and its Ed25519 vectors (C2SP/wycheproof). A {@code valid}
 * case must verify, an {@code invalid} one must not; {@code acceptable} may do either. Skips when absent.
 */
class SignatureWycheproofTest {
    @TestFactory
    List<DynamicTest> es256Vectors() throws Exception {
        return run("ecdsa_secp256r1_sha256_p1363_test.json", "ES256", "EC");
    }

    @TestFactory
    List<DynamicTest> es384Vectors() throws Exception {
        return run("ecdsa_secp384r1_sha384_p1363_test.json", "ES384", "EC");
    }

    @TestFactory
    List<DynamicTest> eddsaVectors() throws Exception {
        return run("ed25519_test.json", "EdDSA", "Ed25519");
    }

    private static List<DynamicTest> run(String file, String alg, String keyAlgorithm) throws Exception {
        Path path =
                AttestationFixtures.vectors("wycheproof/testvectors_v1/" + file).orElse(null);
        Assumptions.assumeTrue(path != null, "Wycheproof vectors not present: skipped");
        JsonNode doc = new ObjectMapper().readTree(path.toFile());
        HexFormat hex = HexFormat.of();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode group : doc.get("testGroups")) {
            PublicKey key = KeyFactory.getInstance(keyAlgorithm)
                    .generatePublic(new X509EncodedKeySpec(
                            hex.parseHex(group.get("publicKeyDer").asText())));
            for (JsonNode t : group.get("tests")) {
                String result = t.get("result").asText();
                byte[] msg = hex.parseHex(t.get("msg").asText());
                byte[] sig = hex.parseHex(t.get("sig").asText());
                tests.add(DynamicTest.dynamicTest(
                        alg + " tc" + t.get("tcId").asInt() + " "
                                + t.get("comment").asText(),
                        () -> {
                            boolean accepted = Appraiser.checkSignature(alg, key, msg, sig) == null;
                            if (!"acceptable".equals(result)) {
                                assertThat(accepted).as("accepted").isEqualTo("valid".equals(result));
                            }
                        }));
            }
        }
        assertThat(tests).isNotEmpty();
        return tests;
    }
}

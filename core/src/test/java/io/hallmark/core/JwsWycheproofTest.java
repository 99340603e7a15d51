package io.hallmark.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs {@link Jws#verify} over the ES256 cases of Wycheproof's JSON Web Signature vectors (C2SP/wycheproof,
 * {@code json_web_signature_test.json}). Skips when the vectors are not present.
 */
class JwsWycheproofTest {
    static Path vectors() {
        String dir = System.getProperty("hallmark.test.vectors", System.getenv("HALLMARK_TEST_VECTORS"));
        return dir == null ? null : Path.of(dir);
    }

    @TestFactory
    List<DynamicTest> es256VectorsAreAcceptedOrRefusedAsWycheproofSays() throws Exception {
        Path root = vectors();
        Path file = root == null ? null : root.resolve("wycheproof/testvectors_v1/json_web_signature_test.json");
        Assumptions.assumeTrue(file != null && Files.isReadable(file), "Wycheproof vectors not present: skipped");
        JsonNode doc = new ObjectMapper().readTree(file.toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode group : doc.get("testGroups")) {
            JsonNode pub = group.get("public");
            if (pub == null
                    || !"EC".equals(pub.path("kty").asText())
                    || !"P-256".equals(pub.path("crv").asText())) {
                continue;
            }
            for (JsonNode t : group.get("tests")) {
                String jws = t.get("jws").isTextual()
                        ? t.get("jws").asText()
                        : t.get("jws").toString();
                boolean valid = "valid".equals(t.get("result").asText());
                tests.add(DynamicTest.dynamicTest(
                        "tc" + t.get("tcId").asInt() + " " + t.get("comment").asText(), () -> {
                            boolean accepted;
                            try {
                                Jws.verify(jws, Jws.verificationKey(pub.toString()), JWSAlgorithm.ES256);
                                accepted = true;
                            } catch (UntrustedInputException e) {
                                accepted = false;
                            }
                            assertThat(accepted).as("accepted").isEqualTo(valid);
                        }));
            }
        }
        assertThat(tests).isNotEmpty();
        return tests;
    }
}

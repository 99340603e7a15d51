package io.hallmark.protocol.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The claim parser against the JSON examples of RFC 9711 Appendix A (as corrected by Veraison): the claims they
 * share with this profile parse; what they lack is reported missing, nothing else. Their signatures are HMAC or absent,
 * so only the claims are used. Skips when the vectors are not present.
 */
class EatVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("{\"alg\":\"ES256\",\"x5t#S256\":\"" + Base64Url.encode(new byte[32]) + "\"}").getBytes());

    private static Path vector(String name) {
        var p = AttestationFixtures.vectors("eat-rfc9711/" + name);
        Assumptions.assumeTrue(p.isPresent(), "test vectors not present (eat-rfc9711/" + name + "): skipped");
        return p.get();
    }

    private static EvidenceParser.Parsed asToken(byte[] claims) {
        return EvidenceParser.parse(HEADER + "." + Base64Url.encode(claims) + "." + Base64Url.encode(new byte[64]));
    }

    @Test
    void theAttestationResultsExampleA16ParsesExceptTheClaimsItLacks() throws Exception {
        EvidenceParser.Parsed p =
                asToken(Files.readAllBytes(vector("claims_set_RFC9711_A.1.6_attestation_results.json")));

        assertThat(p.findings()).extracting(Finding::id).containsOnly("attestation.claim.missing");
        assertThat(p.findings()).extracting(Finding::expected).containsExactlyInAnyOrder("iat", "measurements");
    }

    @Test
    void theSubmodsExampleA17ParsesExceptTheClaimsItLacks() throws Exception {
        EvidenceParser.Parsed p =
                asToken(Files.readAllBytes(vector("claims_set_RFC9711_A.1.7_token_with_submods.json")));

        assertThat(p.findings()).extracting(Finding::id).containsOnly("attestation.claim.missing");
        assertThat(p.findings())
                .extracting(Finding::expected)
                .containsExactlyInAnyOrder("measurements", "swname", "swversion");
    }

    @Test
    void theDetachedBundleA23sHmacJwtIsRefusedForItsAlgorithm() throws Exception {
        JsonNode bundle = JSON.readTree(
                vector("bundle_RFC9711_A.2.3_detached_EAT_bundle.json").toFile());
        String jwt = bundle.get(0).get(1).asText();

        EvidenceParser.Parsed p = EvidenceParser.parse(jwt);

        assertThat(bundle.get(0).get(0).asText()).isEqualTo("JWT");
        assertThat(p.findings()).extracting(Finding::id).contains("attestation.alg.refused");
        assertThat(List.of(p.evidence().isPresent())).containsExactly(false);
    }
}

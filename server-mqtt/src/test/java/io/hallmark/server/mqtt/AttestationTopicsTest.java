package io.hallmark.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Which topics are attestation requests, where answers go, and the problem documents. */
class AttestationTopicsTest {
    @Test
    void onlyTheDevicesOwnRequestTopicsAreRequests() {
        assertThat(AttestationTopics.request("SN-1", "hallmark/d/SN-1/attest/nonce/req"))
                .contains(AttestationTopics.Request.NONCE);
        assertThat(AttestationTopics.request("SN-1", "hallmark/d/SN-1/attest/evidence"))
                .contains(AttestationTopics.Request.EVIDENCE);
        assertThat(AttestationTopics.request("SN-1", "hallmark/d/SN-2/attest/evidence"))
                .isEmpty();
        assertThat(AttestationTopics.request("SN-1", "hallmark/d/SN-1/attest/nonce"))
                .isEmpty();
        assertThat(AttestationTopics.request("SN-1", "hallmark/d/SN-1/attest/evidence/x"))
                .isEmpty();
    }

    @Test
    void theResponseTopicIsTakenOnlyBelowTheDevicesOwnPrefix() {
        var nonce = AttestationTopics.Request.NONCE;
        var evidence = AttestationTopics.Request.EVIDENCE;
        assertThat(AttestationTopics.answerTopic("SN-1", nonce, Optional.empty()))
                .isEqualTo("hallmark/d/SN-1/attest/nonce");
        assertThat(AttestationTopics.answerTopic("SN-1", evidence, Optional.empty()))
                .isEqualTo("hallmark/d/SN-1/attest/result");
        assertThat(AttestationTopics.answerTopic("SN-1", nonce, Optional.of("hallmark/d/SN-1/replies/7")))
                .isEqualTo("hallmark/d/SN-1/replies/7");
        for (String foreign : new String[] {
            "hallmark/d/SN-2/attest/nonce",
            "hallmark/d/SN-1",
            "hallmark/d/SN-1/",
            "hallmark/d/SN-1/+",
            "hallmark/d/SN-1/#",
            "hallmark/d/SN-1/attest/nonce/req",
            "hallmark/d/SN-1/attest/evidence",
            "hallmark/d/SN-1/telemetry",
            "elsewhere/x"
        }) {
            assertThat(AttestationTopics.answerTopic("SN-1", evidence, Optional.of(foreign)))
                    .as(foreign)
                    .isEqualTo("hallmark/d/SN-1/attest/result");
        }
    }

    @Property(tries = 1000)
    void anyResponseTopicYieldsATopicOfTheDeviceWithoutWildcards(@ForAll String responseTopic) {
        String t =
                AttestationTopics.answerTopic("SN-1", AttestationTopics.Request.EVIDENCE, Optional.of(responseTopic));

        assertThat(t).startsWith("hallmark/d/SN-1/").doesNotContain("+", "#");
        assertThat(AttestationTopics.request("SN-1", t)).isEmpty();
    }

    @Test
    void aProblemIsValidJsonWhateverTheDetail() throws Exception {
        AttestationTopics.Answer a = AttestationTopics.problem(400, "Bad request", "evidence \"refused\"\n\\ \u0001");

        JsonNode json = new ObjectMapper().readTree(new String(a.payload(), StandardCharsets.UTF_8));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.contentType()).isEqualTo("application/problem+json");
        assertThat(json.get("status").asInt()).isEqualTo(400);
        assertThat(json.get("detail").asText()).isEqualTo("evidence \"refused\"\n\\ \u0001");
    }
}

package io.hallmark.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import io.hallmark.core.Jws;
import io.hallmark.core.UntrustedInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AssignmentVerifyProperties {
    private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
    private static final KeyPair KEY = key();
    private static final KeyPair OTHER = key();

    private static KeyPair key() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(KeyPair k, String type, String payload) {
        JWSHeader h = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType(type))
                .build();
        return Jws.sign(h, payload.getBytes(StandardCharsets.UTF_8), data -> {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(k.getPrivate());
                s.update(data);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static final String GOOD =
            "{\"action\":\"install\",\"exp\":" + NOW.plusSeconds(60).getEpochSecond()
                    + ",\"rollout\":\"rol_x\",\"sub\":\"dev_x\",\"target\":{\"hashes\":{\"sha256\":\"" + "ab".repeat(32)
                    + "\"},\"length\":12,\"name\":\"hub-1/1.1.0/hub.img\"},\"version\":\"1.1.0\"}";

    @Example
    void aSignedAssignmentIsReadAndAnyOtherKeyTypeOrExpiryIsRefused() {
        Assignment a = AssignmentClient.verify(sign(KEY, "hallmark-assignment+jwt", GOOD), KEY.getPublic(), NOW);
        assertThat(a.target()).isEqualTo("hub-1/1.1.0/hub.img");
        assertThat(a.length()).isEqualTo(12);
        assertThat(a.cancelled()).isFalse();
        assertThatThrownBy(() ->
                        AssignmentClient.verify(sign(OTHER, "hallmark-assignment+jwt", GOOD), KEY.getPublic(), NOW))
                .isInstanceOf(UntrustedInputException.class);
        assertThatThrownBy(() -> AssignmentClient.verify(sign(KEY, "hallmark-label+jwt", GOOD), KEY.getPublic(), NOW))
                .isInstanceOf(UntrustedInputException.class);
        assertThatThrownBy(() -> AssignmentClient.verify(
                        sign(KEY, "hallmark-assignment+jwt", GOOD), KEY.getPublic(), NOW.plusSeconds(61)))
                .isInstanceOf(UntrustedInputException.class);
    }

    @Provide
    Arbitrary<String> payloads() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.of(GOOD).map(g -> g.replace("install", "reboot")),
                Arbitraries.of(GOOD).map(g -> g.replace("\"length\":12", "\"length\":-1")),
                Arbitraries.of(GOOD).map(g -> g.replace("ab", "zz")),
                Arbitraries.strings()
                        .ofMaxLength(40)
                        .map(x -> GOOD.substring(0, Math.min(GOOD.length(), x.length() * 5)) + x));
    }

    @Property
    void anySignedPayloadIsAnAssignmentOrRefusedAsUntrusted(@ForAll("payloads") String payload) {
        String jws = sign(KEY, "hallmark-assignment+jwt", payload);
        try {
            Assignment a = AssignmentClient.verify(jws, KEY.getPublic(), NOW);
            assertThat(a.sha256()).matches("[0-9a-f]{64}");
        } catch (UntrustedInputException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property
    void anyTextIsRefusedAsUntrusted(@ForAll("payloads") String text) {
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        for (String candidate : new String[] {text, b64 + "." + b64 + "." + b64, "eyJhbGciOiJFUzI1NiJ9." + b64 + "."}) {
            assertThatThrownBy(() -> AssignmentClient.verify(candidate, KEY.getPublic(), NOW))
                    .isInstanceOf(UntrustedInputException.class);
        }
    }
}

package io.hallmark.server.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.Signed;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.protocol.tuf.TufKey;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.persistence.ConflictException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks on release managers' signatures over a product role's pending version (TUF §4.2, §4.5, §5.6.3). */
class ProductRoleSignaturesTest {
    private static final String ROLE = "product-cam-200";

    private final List<KeyPair> pairs = new ArrayList<>();
    private final OfflineKeys keys;
    private final Signed<Metadata.Targets> pending;

    ProductRoleSignaturesTest() throws GeneralSecurityException {
        Map<String, Object> listed = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            pairs.add(kp);
            TufKey k = TufKey.of(kp.getPublic());
            listed.put(k.keyId(), k.toJson());
        }
        keys = OfflineKeys.parse(io.hallmark.core.CanonicalJson.write(Map.of("threshold", 2L, "keys", listed))
                .getBytes(StandardCharsets.UTF_8));
        Metadata.Targets t = new Metadata.Targets(
                4,
                Instant.parse("2030-01-01T00:00:00Z"),
                Map.of("cam-200/1.0.0/fw.bin", new Metadata.TargetFile(3, Map.of("sha256", "aa".repeat(32)), Map.of())),
                Optional.empty());
        pending = TufCodec.readTargets(TufCodec.write(TufCodec.sign(t, List.of())), 5_000_000);
    }

    private String id(int i) {
        return TufKey.of(pairs.get(i).getPublic()).keyId();
    }

    private String sig(int i, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pairs.get(i).getPrivate());
        s.update(data);
        return HexFormat.of().formatHex(s.sign());
    }

    private SignatureUpload upload(String role, int version, int key, byte[] data) throws GeneralSecurityException {
        return new SignatureUpload(role, version, List.of(new Signed.Signature(id(key), sig(key, data))));
    }

    @Test
    void signaturesOfDistinctKeysOverTheCanonicalBytesCountTowardsTheThreshold() throws Exception {
        Signed<Metadata.Targets> one =
                ProductRoleSignatures.merge(ROLE, pending, keys, upload(ROLE, 4, 0, pending.canonicalSigned()));
        assertThat(ProductRoleSignatures.valid(one, keys)).isEqualTo(1);
        Signed<Metadata.Targets> two =
                ProductRoleSignatures.merge(ROLE, one, keys, upload(ROLE, 4, 2, pending.canonicalSigned()));
        assertThat(ProductRoleSignatures.valid(two, keys)).isEqualTo(2);
        TufCodec.checkThreshold(two, keys.keys(), keys.roleKeys(), ROLE);
    }

    @Test
    void theSameKeySigningTwiceCountsOnce() throws Exception {
        Signed<Metadata.Targets> once =
                ProductRoleSignatures.merge(ROLE, pending, keys, upload(ROLE, 4, 1, pending.canonicalSigned()));
        Signed<Metadata.Targets> twice =
                ProductRoleSignatures.merge(ROLE, once, keys, upload(ROLE, 4, 1, pending.canonicalSigned()));
        assertThat(twice.signatures()).hasSize(1);
        assertThat(ProductRoleSignatures.valid(twice, keys)).isEqualTo(1);
    }

    @Test
    void aKeyTheRoleDoesNotListIsRefused() throws Exception {
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(stranger.getPrivate());
        s.update(pending.canonicalSigned());
        SignatureUpload u = new SignatureUpload(
                ROLE,
                4,
                List.of(new Signed.Signature(
                        TufKey.of(stranger.getPublic()).keyId(), HexFormat.of().formatHex(s.sign()))));
        assertThatThrownBy(() -> ProductRoleSignatures.merge(ROLE, pending, keys, u))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("is not one of " + ROLE + "'s signing keys");
    }

    @Test
    void aSignatureOfOtherBytesIsRefused() throws Exception {
        SignatureUpload u = upload(ROLE, 4, 0, "other bytes".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ProductRoleSignatures.merge(ROLE, pending, keys, u))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("does not verify over " + ROLE + " version 4");
    }

    @Test
    void anotherVersionOrRoleIsRefused() throws Exception {
        SignatureUpload older = upload(ROLE, 3, 0, pending.canonicalSigned());
        assertThatThrownBy(() -> ProductRoleSignatures.merge(ROLE, pending, keys, older))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("version: 3 (expected: 4");
        SignatureUpload other = upload("product-lamp-9", 4, 0, pending.canonicalSigned());
        assertThatThrownBy(() -> ProductRoleSignatures.merge(ROLE, pending, keys, other))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("role: product-lamp-9 (expected: " + ROLE + ")");
    }

    @Test
    void offlineKeysRefuseAThresholdAboveTheirCountAKeyUnderAnotherIdAndAKeyTwice() throws Exception {
        TufKey k = TufKey.of(pairs.get(0).getPublic());
        assertThatThrownBy(() -> OfflineKeys.parse(doc(Map.of(k.keyId(), k.toJson()), 2)))
                .hasMessageContaining("threshold: 2 (expected: 1 to 1)");
        assertThatThrownBy(() -> OfflineKeys.parse(doc(Map.of("ab".repeat(32), k.toJson()), 1)))
                .hasMessageContaining("the SHA-256 of its key");
        assertThat(OfflineKeys.parse(doc(Map.of(k.keyId(), k.toJson()), 1)).keys())
                .containsOnlyKeys(k.keyId());
        assertThat(OfflineKeys.fromJson(keys.toJson())).isEqualTo(keys);
    }

    private static byte[] doc(Map<String, Object> listed, long threshold) {
        return io.hallmark.core.CanonicalJson.write(Map.of("threshold", threshold, "keys", listed))
                .getBytes(StandardCharsets.UTF_8);
    }
}

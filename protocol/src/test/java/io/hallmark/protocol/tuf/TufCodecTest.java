package io.hallmark.protocol.tuf;

import static io.hallmark.protocol.tuf.TestRepository.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.protocol.tuf.TestRepository.KeySigner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TufCodecTest {
    private final TestRepository repo = new TestRepository();

    @Test
    void rootRoundTripsAndVerifiesWithBothKeyTypes() {
        Signed<Metadata.Root> root = TufCodec.readRoot(repo.rootBytes, 512_000);

        assertThat(root.signed().version()).isEqualTo(1);
        assertThat(root.signed().keys().values()).extracting(TufKey::keyType).contains("ed25519", "ecdsa");
        TufCodec.checkThreshold(root, root.signed().keys(), root.signed().role("root"), "root");
        assertThat(TufCodec.write(root)).isEqualTo(repo.rootBytes);
    }

    @Test
    void keyIdIsTheSha256OfTheCanonicalKeyAndTheFormsAreThoseTufClientsRead() {
        KeySigner ed = TestRepository.ed25519();
        KeySigner ec = TestRepository.ecdsa();

        assertThat(ed.key().publicValue()).matches("[0-9a-f]{64}");
        assertThat(ec.key().publicValue()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(ed.key().keyId())
                .isEqualTo(Metadata.Hashing.sha256Hex(TufJson.canonical(ed.key().toJson())));
        TufKey again = TufKey.read(ec.key().keyId(), ec.key().toJson(), "k");
        assertThat(again.verifies(utf8("x"), ec.sign(utf8("x")))).isTrue();
        assertThat(again.verifies(utf8("y"), ec.sign(utf8("x")))).isFalse();
    }

    @Test
    void readsTheHexPointFormOfAnEcdsaKey() {
        KeySigner ec = TestRepository.ecdsa();
        byte[] der = ec.key().publicKey().getEncoded();
        String point = java.util.HexFormat.of().formatHex(der, der.length - 65, der.length);
        TufKey k = TufKey.read(
                ec.key().keyId(),
                java.util.Map.of(
                        "keytype",
                        "ecdsa-sha2-nistp256",
                        "scheme",
                        "ecdsa-sha2-nistp256",
                        "keyval",
                        java.util.Map.of("public", point)),
                "k");
        assertThat(k.verifies(utf8("x"), ec.sign(utf8("x")))).isTrue();
    }

    @Test
    void refusesAnUnknownTopLevelRole() {
        String json = rootJson().replace("\"timestamp\":{", "\"mirror\":{");
        assertRefused(json, TufException.UNKNOWN);
    }

    @Test
    void refusesDuplicateSignaturesByOneKeyId() {
        String json = rootJson();
        int start = json.indexOf("[{") + 1;
        int end = json.indexOf("}", start) + 1;
        String sig = json.substring(start, end);
        assertRefused(json.replace("[" + sig, "[" + sig + "," + sig), TufException.DUPLICATE);
    }

    @Test
    void refusesTheSameKeyListedUnderTwoIds() {
        String json = rootJson();
        KeySigner k = repo.rootKeys.get(0);
        String id = k.key().keyId();
        String other = "0".repeat(64);
        int at = json.indexOf("\"" + id + "\":{\"keytype\"");
        int end = json.indexOf("}", json.indexOf("\"scheme\":", at)) + 1;
        String entry = json.substring(at, end);
        assertRefused(json.replace(entry, entry + "," + entry.replace(id, other)), TufException.DUPLICATE);
    }

    @Test
    void refusesUnknownMembersFloatsAndWrongTypes() {
        assertRefused(
                rootJson().replace("\"consistent_snapshot\":true", "\"consistent_snapshot\":true,\"x\":1"),
                TufException.UNKNOWN);
        assertRefused(rootJson().replace("\"version\":1", "\"version\":1.0"), TufException.MALFORMED);
        assertRefused(rootJson().replace("\"version\":1", "\"version\":\"1\""), TufException.INVALID);
        assertRefused(rootJson().replace("\"_type\":\"root\"", "\"_type\":\"targets\""), TufException.UNKNOWN);
        assertRefused(rootJson().replace("\"expires\":\"", "\"expires\":\"x"), TufException.INVALID);
    }

    @Test
    void refusesAThresholdAboveTheNumberOfKeys() {
        assertRefused(rootJson().replace("\"threshold\":2", "\"threshold\":3"), TufException.INVALID);
    }

    @Test
    void refusesOversizedMetadata() {
        assertThatThrownBy(() -> TufCodec.readRoot(repo.rootBytes, 100))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(TufException.SIZE));
    }

    @Test
    void aChangedSignedPartNoLongerVerifies() {
        byte[] changed =
                rootJson().replace("\"threshold\":1", "\"threshold\":1 ").getBytes(StandardCharsets.UTF_8);
        Signed<Metadata.Root> same = TufCodec.readRoot(changed, 512_000);
        TufCodec.checkThreshold(same, same.signed().keys(), same.signed().role("root"), "root");
        String later = rootJson().replace("\"expires\":\"2027", "\"expires\":\"2099");
        Signed<Metadata.Root> root = TufCodec.readRoot(later.getBytes(StandardCharsets.UTF_8), 512_000);
        assertThatThrownBy(() -> TufCodec.checkThreshold(
                        root, root.signed().keys(), root.signed().role("root"), "r"))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(TufException.THRESHOLD));
    }

    private String rootJson() {
        return new String(repo.rootBytes, StandardCharsets.UTF_8);
    }

    private static void assertRefused(String json, String reason) {
        assertThatThrownBy(() -> TufCodec.readRoot(json.getBytes(StandardCharsets.UTF_8), 512_000))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    static List<KeySigner> none() {
        return List.of();
    }
}

package io.hallmark.protocol.tuf;

import static io.hallmark.protocol.tuf.TestRepository.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.protocol.tuf.Metadata.DelegatedRole;
import io.hallmark.protocol.tuf.Metadata.MetaFile;
import io.hallmark.protocol.tuf.Metadata.TargetFile;
import io.hallmark.protocol.tuf.TestRepository.KeySigner;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TufClientTest {
    private final TestRepository repo = new TestRepository();
    private final byte[] shippedRoot = repo.rootBytes;

    @Test
    void downloadsAndVerifiesATargetThroughTheWholeChain() {
        repo.addTarget("acme/fw-1.2.0.bin", utf8("firmware"), Map.of("hallmark", Map.of("version", "1.2.0")));
        repo.publish();

        TufClient client = repo.client(shippedRoot);
        client.refresh();
        TufClient.Target t = client.findTarget("acme/fw-1.2.0.bin").orElseThrow();

        assertThat(client.download(t)).isEqualTo(utf8("firmware"));
        assertThat(t.role()).isEqualTo("targets");
        assertThat(t.file().custom()).isEqualTo(Map.of("hallmark", Map.of("version", "1.2.0")));
        assertThat(client.findTarget("acme/other.bin")).isEmpty();
    }

    @Test
    void followsARootRotationSignedByTheOldAndTheNewRootKeys() {
        List<KeySigner> oldKeys = repo.rootKeys;
        repo.rootKeys = List.of(TestRepository.ecdsa(), TestRepository.ed25519());
        repo.targetsKey = TestRepository.ecdsa();
        repo.publishRoot(concat(oldKeys, repo.rootKeys));
        repo.addTarget("a.bin", utf8("a"), Map.of());
        repo.publish();

        TufClient client = repo.client(shippedRoot);
        client.refresh();

        assertThat(client.trusted().root().version()).isEqualTo(2);
        assertThat(client.download(client.findTarget("a.bin").orElseThrow())).isEqualTo(utf8("a"));
    }

    @Test
    void refusesARootSignedOnlyByTheNewKeys() {
        repo.rootKeys = List.of(TestRepository.ecdsa(), TestRepository.ed25519());
        repo.publishRoot(repo.rootKeys);
        repo.publish();

        assertRefused(() -> repo.client(shippedRoot).refresh(), TufException.THRESHOLD);
    }

    @Test
    void refusesARootSignedByTheOldKeysOnly() {
        List<KeySigner> oldKeys = repo.rootKeys;
        repo.rootKeys = List.of(TestRepository.ecdsa(), TestRepository.ed25519());
        repo.publishRoot(oldKeys);
        repo.publish();

        assertRefused(() -> repo.client(shippedRoot).refresh(), TufException.THRESHOLD);
    }

    @Test
    void countsOneKeyOnceTowardsTheThreshold() {
        // a root whose threshold is 2 signed twice by one key is not signed by 2 keys
        byte[] twice = TufCodec.write(TufCodec.addSignatures(
                TufCodec.sign(repo.rootMetadata(), List.of(repo.rootKeys.get(0))), List.of(repo.rootKeys.get(0))));
        assertRefused(() -> new TrustedMetadata(twice, TestRepository.NOW, TufLimits.DEFAULT), TufException.THRESHOLD);
    }

    @Test
    void refusesAnOlderTimestampThanTheTrustedOne() {
        repo.publish();
        TufClient first = repo.client(shippedRoot);
        first.refresh();
        byte[] remembered = first.trustedTimestamp().orElseThrow();
        byte[] snapshot = first.trustedSnapshot().orElseThrow();
        repo.publish();
        TufClient second = new TufClient(
                repo.rootBytes,
                null,
                null,
                repo.metadataFetcher(),
                repo.targetFetcher(),
                Clock.fixed(TestRepository.NOW, ZoneOffset.UTC),
                TufLimits.DEFAULT);
        second.refresh();

        // the repository is rolled back to the first timestamp: a device that saw the second refuses it
        repo.files.put("timestamp.json", remembered);
        TufClient third = new TufClient(
                repo.rootBytes,
                second.trustedTimestamp().orElseThrow(),
                second.trustedSnapshot().orElseThrow(),
                repo.metadataFetcher(),
                repo.targetFetcher(),
                Clock.fixed(TestRepository.NOW, ZoneOffset.UTC),
                TufLimits.DEFAULT);
        assertRefused(third::refresh, TufException.ROLLBACK);
        assertThat(snapshot).isNotEmpty();
    }

    @Test
    void refusesAnExpiredTimestamp() {
        repo.publish();
        repo.expires = TestRepository.NOW.minus(1, ChronoUnit.SECONDS);
        repo.publishTimestamp(
                MetaFile.of(repo.snapshotVersion, repo.files.get(repo.snapshotVersion + ".snapshot.json")));

        assertRefused(() -> repo.client(shippedRoot).refresh(), TufException.EXPIRED);
    }

    @Test
    void refusesASnapshotThatIsNotTheOneTheTimestampNames() {
        repo.publish();
        byte[] firstSnapshot = repo.files.get("1.snapshot.json");
        repo.publish();
        // mix and match: the second timestamp names snapshot 2, the mirror serves snapshot 1 under that name
        repo.files.put("2.snapshot.json", firstSnapshot);

        // the length is checked before the hash: which of the two catches it depends on whether the two snapshots
        // happen to have the same length (their expiry times are written to the second)
        assertThatThrownBy(() -> repo.client(shippedRoot).refresh())
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isIn(TufException.HASH, TufException.SIZE));
    }

    @Test
    void refusesAVersionOtherThanTheTimestampAnnouncesWhenNoHashIsGiven() {
        repo.publish();
        byte[] firstSnapshot = repo.files.get("1.snapshot.json");
        repo.publishTimestamp(new MetaFile(2, java.util.OptionalLong.empty(), Map.of()));
        repo.files.put("2.snapshot.json", firstSnapshot);

        assertRefused(() -> repo.client(shippedRoot).refresh(), TufException.VERSION_MISMATCH);
    }

    @Test
    void refusesATargetWhoseBytesAMirrorChanged() {
        repo.addTarget("fw.bin", utf8("good firmware"), Map.of());
        repo.publish();
        repo.targetFiles.replaceAll((k, v) -> utf8("evil firmware"));

        TufClient client = repo.client(shippedRoot);
        client.refresh();
        TufClient.Target t = client.findTarget("fw.bin").orElseThrow();
        assertRefused(() -> client.download(t), TufException.HASH);
    }

    @Test
    void refusesMetadataLongerThanItsLimit() {
        repo.publish();
        TufClient client = new TufClient(
                shippedRoot,
                null,
                null,
                repo.metadataFetcher(),
                repo.targetFetcher(),
                Clock.fixed(TestRepository.NOW, ZoneOffset.UTC),
                new TufLimits(512_000, 100, 2_000_000, 5_000_000, 8, 8));
        assertRefused(client::refresh, TufException.SIZE);
    }

    @Test
    void refusesTargetsMetadataSignedByAKeyOtherThanTheTargetsRole() {
        repo.addTarget("fw.bin", utf8("x"), Map.of());
        KeySigner real = repo.targetsKey;
        repo.targetsKey = TestRepository.ed25519();
        repo.publish();
        repo.targetsKey = real;

        assertRefused(() -> repo.client(shippedRoot).refresh(), TufException.THRESHOLD);
    }

    @Test
    void findsTargetsThroughDelegationsAndStopsAtATerminatingOne() {
        KeySigner productKey = TestRepository.ecdsa();
        KeySigner otherKey = TestRepository.ed25519();
        byte[] image = utf8("product image");
        String path = "products/p1/fw-2.bin";
        TargetFile file = new TargetFile(image.length, Map.of("sha256", Metadata.Hashing.sha256Hex(image)), Map.of());
        repo.delegatedFiles.put(
                "p1",
                TufCodec.write(TufCodec.sign(
                        new Metadata.Targets(1, repo.expires, Map.of(path, file), Optional.empty()),
                        List.of(productKey))));
        repo.delegatedFiles.put(
                "p1-shadow",
                TufCodec.write(TufCodec.sign(
                        new Metadata.Targets(1, repo.expires, Map.of(path, file), Optional.empty()),
                        List.of(otherKey))));
        repo.targetFiles.put("products/p1/" + file.sha256().orElseThrow() + ".fw-2.bin", image);
        repo.delegations = Optional.of(new Metadata.Delegations(
                Map.of(
                        productKey.key().keyId(),
                        productKey.key(),
                        otherKey.key().keyId(),
                        otherKey.key()),
                List.of(
                        new DelegatedRole(
                                "p1", List.of(productKey.key().keyId()), 1, true, List.of("products/p1/*"), List.of()),
                        new DelegatedRole(
                                "p1-shadow",
                                List.of(otherKey.key().keyId()),
                                1,
                                false,
                                List.of("products/*/*"),
                                List.of()))));
        repo.publish();

        TufClient client = repo.client(shippedRoot);
        client.refresh();
        TufClient.Target t = client.findTarget(path).orElseThrow();

        assertThat(t.role()).isEqualTo("p1");
        assertThat(client.download(t)).isEqualTo(image);
        assertThat(client.findTarget("products/p1/sub/x.bin")).isEmpty();
    }

    @Test
    void refusesADelegatedRoleSignedByTheWrongKey() {
        KeySigner productKey = TestRepository.ecdsa();
        TargetFile file = new TargetFile(1, Map.of("sha256", Metadata.Hashing.sha256Hex(utf8("x"))), Map.of());
        repo.delegatedFiles.put(
                "p1",
                TufCodec.write(TufCodec.sign(
                        new Metadata.Targets(1, repo.expires, Map.of("p1/x", file), Optional.empty()),
                        List.of(TestRepository.ecdsa()))));
        repo.delegations = Optional.of(new Metadata.Delegations(
                Map.of(productKey.key().keyId(), productKey.key()),
                List.of(new DelegatedRole(
                        "p1", List.of(productKey.key().keyId()), 1, false, List.of("p1/*"), List.of()))));
        repo.publish();

        TufClient client = repo.client(shippedRoot);
        client.refresh();
        assertRefused(() -> client.findTarget("p1/x"), TufException.THRESHOLD);
    }

    @Test
    void listsAModelsTargetsFromTheTopLevelAndItsProductRoleOnlyAsTheSearchWouldFindThem() {
        KeySigner camKey = TestRepository.ecdsa();
        KeySigner plugKey = TestRepository.ecdsa();
        TargetFile cam2 = new TargetFile(2, Map.of("sha256", Metadata.Hashing.sha256Hex(utf8("c2"))), Map.of());
        TargetFile evil = new TargetFile(4, Map.of("sha256", Metadata.Hashing.sha256Hex(utf8("evil"))), Map.of());
        // a release signed before the repository delegated stays findable in the top-level targets
        repo.addTarget("cam/1.0/fw.bin", utf8("c1"), Map.of());
        repo.delegatedFiles.put(
                "product-cam",
                TufCodec.write(TufCodec.sign(
                        new Metadata.Targets(1, repo.expires, Map.of("cam/2.0/fw.bin", cam2), Optional.empty()),
                        List.of(camKey))));
        // the plug's role lists a path of the camera's: not trusted for it
        repo.delegatedFiles.put(
                "product-plug",
                TufCodec.write(TufCodec.sign(
                        new Metadata.Targets(1, repo.expires, Map.of("cam/9.0/fw.bin", evil), Optional.empty()),
                        List.of(plugKey))));
        repo.delegations = Optional.of(new Metadata.Delegations(
                Map.of(camKey.key().keyId(), camKey.key(), plugKey.key().keyId(), plugKey.key()),
                List.of(
                        new DelegatedRole(
                                "product-cam", List.of(camKey.key().keyId()), 1, true, List.of("cam/*/*"), List.of()),
                        new DelegatedRole(
                                "product-plug",
                                List.of(plugKey.key().keyId()),
                                1,
                                true,
                                List.of("plug/*/*"),
                                List.of()))));
        repo.publish();

        TufClient client = repo.client(shippedRoot);
        client.refresh();

        assertThat(client.targetsUnder("cam"))
                .extracting(TufClient.Target::path, TufClient.Target::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cam/1.0/fw.bin", "targets"),
                        org.assertj.core.groups.Tuple.tuple("cam/2.0/fw.bin", "product-cam"));
        assertThat(client.trusted().targets("product-plug")).isEmpty();
        assertThat(client.findTarget("cam/9.0/fw.bin")).isEmpty();
    }

    private static List<KeySigner> concat(List<KeySigner> a, List<KeySigner> b) {
        List<KeySigner> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void assertRefused(ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TufException.class, e -> assertThat(e.reason())
                .isEqualTo(reason));
    }
}

package io.hallmark.protocol.tuf;

import io.hallmark.protocol.tuf.Metadata.MetaFile;
import io.hallmark.protocol.tuf.Metadata.RoleKeys;
import io.hallmark.protocol.tuf.Metadata.TargetFile;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A TUF repository in memory for tests: keys made per test, metadata signed with them, files in a map. */
final class TestRepository {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    /** A signer over a key pair held by the test. */
    record KeySigner(TufKey key, PrivateKey privateKey) implements TufSigner {
        @Override
        public byte[] sign(byte[] data) {
            try {
                Signature s = Signature.getInstance(key.jcaAlgorithm());
                s.initSign(privateKey);
                s.update(data);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static KeySigner ed25519() {
        return make("Ed25519", null);
    }

    static KeySigner ecdsa() {
        return make("EC", new ECGenParameterSpec("secp256r1"));
    }

    private static KeySigner make(String alg, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (spec != null) {
                g.initialize(spec);
            }
            KeyPair kp = g.generateKeyPair();
            return new KeySigner(TufKey.of(kp.getPublic()), kp.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    final Map<String, byte[]> files = new HashMap<>();
    final Map<String, byte[]> targetFiles = new HashMap<>();
    List<KeySigner> rootKeys = List.of(ed25519(), ecdsa());
    int rootThreshold = 2;
    KeySigner targetsKey = ed25519();
    KeySigner snapshotKey = ecdsa();
    KeySigner timestampKey = ed25519();
    int rootVersion;
    int targetsVersion;
    int snapshotVersion;
    int timestampVersion;
    Instant expires = NOW.plus(7, ChronoUnit.DAYS);
    final Map<String, TargetFile> targets = new LinkedHashMap<>();
    Optional<Metadata.Delegations> delegations = Optional.empty();
    final Map<String, byte[]> delegatedFiles = new LinkedHashMap<>();
    byte[] rootBytes;

    TestRepository() {
        publishRoot(rootKeys);
    }

    Metadata.Root rootMetadata() {
        Map<String, TufKey> keys = new HashMap<>();
        rootKeys.forEach(k -> keys.put(k.key().keyId(), k.key()));
        for (KeySigner k : List.of(targetsKey, snapshotKey, timestampKey)) {
            keys.put(k.key().keyId(), k.key());
        }
        Map<String, RoleKeys> roles = Map.of(
                "root", new RoleKeys(rootKeys.stream().map(k -> k.key().keyId()).toList(), rootThreshold),
                "targets", new RoleKeys(List.of(targetsKey.key().keyId()), 1),
                "snapshot", new RoleKeys(List.of(snapshotKey.key().keyId()), 1),
                "timestamp", new RoleKeys(List.of(timestampKey.key().keyId()), 1));
        return new Metadata.Root(++rootVersion, expires.plus(300, ChronoUnit.DAYS), true, keys, roles);
    }

    /** Signs the next root version with {@code signers} and publishes it as {@code N.root.json}. */
    byte[] publishRoot(List<KeySigner> signers) {
        byte[] bytes = TufCodec.write(TufCodec.sign(rootMetadata(), signers));
        files.put(rootVersion + ".root.json", bytes);
        rootBytes = bytes;
        return bytes;
    }

    void addTarget(String path, byte[] content, Map<String, Object> custom) {
        targets.put(
                path, new TargetFile(content.length, Map.of("sha256", Metadata.Hashing.sha256Hex(content)), custom));
        int slash = path.lastIndexOf('/');
        targetFiles.put(
                path.substring(0, slash + 1) + Metadata.Hashing.sha256Hex(content) + "." + path.substring(slash + 1),
                content);
    }

    /** Publishes targets (and delegated files), snapshot and timestamp. */
    void publish() {
        byte[] t = TufCodec.write(TufCodec.sign(
                new Metadata.Targets(++targetsVersion, expires, targets, delegations), List.of(targetsKey)));
        files.put(targetsVersion + ".targets.json", t);
        Map<String, MetaFile> meta = new LinkedHashMap<>();
        meta.put("targets.json", MetaFile.of(targetsVersion, t));
        delegatedFiles.forEach((role, bytes) -> {
            Signed<Metadata.Targets> s = TufCodec.readTargets(bytes, 1 << 20);
            meta.put(role + ".json", MetaFile.of(s.signed().version(), bytes));
            files.put(s.signed().version() + "." + role + ".json", bytes);
        });
        byte[] s = TufCodec.write(
                TufCodec.sign(new Metadata.Snapshot(++snapshotVersion, expires, meta), List.of(snapshotKey)));
        files.put(snapshotVersion + ".snapshot.json", s);
        publishTimestamp(MetaFile.of(snapshotVersion, s));
    }

    void publishTimestamp(MetaFile snapshot) {
        files.put(
                "timestamp.json",
                TufCodec.write(TufCodec.sign(
                        new Metadata.Timestamp(++timestampVersion, expires, snapshot), List.of(timestampKey))));
    }

    TufClient.Fetcher metadataFetcher() {
        return (path, max) -> Optional.ofNullable(files.get(path));
    }

    TufClient.Fetcher targetFetcher() {
        return (path, max) -> Optional.ofNullable(targetFiles.get(path));
    }

    TufClient client(byte[] trustedRoot) {
        return new TufClient(
                trustedRoot,
                null,
                null,
                metadataFetcher(),
                targetFetcher(),
                java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC),
                TufLimits.DEFAULT);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<KeySigner> list(KeySigner... k) {
        return new ArrayList<>(List.of(k));
    }
}

package io.hallmark.protocol.tuf;

import io.hallmark.core.CanonicalJson;
import io.hallmark.protocol.tuf.Metadata.RoleKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads, signs, writes and checks the signatures of TUF metadata files (TUF §4.2 "signed"/"signatures" envelope).
 *
 * <p>Reading is strict and bounded: at most {@code maxBytes}, one JSON value, no duplicate members or signatures by
 * the same key id, no member TUF does not define (except inside {@code custom}), integers only. Signatures are checked
 * over the canonical JSON of the {@code signed} tree as read ({@link TufJson#canonical}). Files are written as
 * RFC 8785 JSON ({@link CanonicalJson}): deterministic, valid JSON whatever the strings hold.
 */
public final class TufCodec {
    private TufCodec() {}

    /** Reads a root file. */
    public static Signed<Metadata.Root> readRoot(byte[] bytes, int maxBytes) {
        return read(bytes, maxBytes, Metadata.Root.class, "root");
    }

    /** Reads a timestamp file. */
    public static Signed<Metadata.Timestamp> readTimestamp(byte[] bytes, int maxBytes) {
        return read(bytes, maxBytes, Metadata.Timestamp.class, "timestamp");
    }

    /** Reads a snapshot file. */
    public static Signed<Metadata.Snapshot> readSnapshot(byte[] bytes, int maxBytes) {
        return read(bytes, maxBytes, Metadata.Snapshot.class, "snapshot");
    }

    /** Reads a targets file, top-level or delegated. */
    public static Signed<Metadata.Targets> readTargets(byte[] bytes, int maxBytes) {
        return read(bytes, maxBytes, Metadata.Targets.class, "targets");
    }

    private static <M extends Metadata> Signed<M> read(byte[] bytes, int maxBytes, Class<M> type, String name) {
        Map<String, Object> envelope = Tree.object(TufJson.read(bytes, maxBytes), "$");
        Tree.allowOnly(envelope, "$", "signed", "signatures");
        Map<String, Object> signedTree = Tree.object(Tree.required(envelope, "signed", "$"), "signed");
        List<Signed.Signature> signatures = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Object o : Tree.array(Tree.required(envelope, "signatures", "$"), "signatures")) {
            String path = "signatures[" + signatures.size() + "]";
            Map<String, Object> s = Tree.object(o, path);
            Tree.allowOnly(s, path, "keyid", "sig");
            String keyId = Tree.string(s, "keyid", path);
            String sig = Tree.string(s, "sig", path);
            Tree.checkHexLower(keyId, path + ".keyid", 64);
            if (!sig.isEmpty()) {
                Tree.checkHex(sig, path + ".sig");
            }
            // TUF §4.2: at most one signature per key id
            if (!ids.add(keyId)) {
                throw new TufException(TufException.DUPLICATE, "signatures", keyId, "one signature per key id");
            }
            signatures.add(new Signed.Signature(keyId, sig));
        }
        M signed = type.cast(MetadataReader.read(signedTree, name));
        return new Signed<>(signed, signatures, TufJson.canonical(signedTree), signedTree);
    }

    /** Signs {@code metadata} with each signer, in order. */
    public static <M extends Metadata> Signed<M> sign(M metadata, List<? extends TufSigner> signers) {
        Map<String, Object> tree = metadata.toJson();
        byte[] canonical = TufJson.canonical(tree);
        List<Signed.Signature> sigs = new ArrayList<>();
        for (TufSigner s : signers) {
            sigs.add(new Signed.Signature(s.key().keyId(), HexFormat.of().formatHex(s.sign(canonical))));
        }
        return new Signed<>(metadata, sigs, canonical, tree);
    }

    /** Adds signatures to already signed metadata (an offline root signed in turns). */
    public static <M extends Metadata> Signed<M> addSignatures(Signed<M> signed, List<? extends TufSigner> signers) {
        Map<String, Signed.Signature> byId = new LinkedHashMap<>();
        signed.signatures().forEach(s -> byId.put(s.keyId(), s));
        for (TufSigner s : signers) {
            byId.put(
                    s.key().keyId(),
                    new Signed.Signature(s.key().keyId(), HexFormat.of().formatHex(s.sign(signed.canonicalSigned()))));
        }
        return new Signed<>(signed.signed(), List.copyOf(byId.values()), signed.canonicalSigned(), signed.signedTree());
    }

    /** The file's bytes: RFC 8785 JSON of {@code {"signatures": [...], "signed": {...}}}. */
    public static byte[] write(Signed<?> signed) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        List<Object> sigs = new ArrayList<>();
        for (Signed.Signature s : signed.signatures()) {
            sigs.add(Map.of("keyid", s.keyId(), "sig", s.sig()));
        }
        envelope.put("signatures", sigs);
        envelope.put("signed", signed.signedTree());
        return CanonicalJson.write(envelope).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks that at least {@code role.threshold()} distinct keys of {@code role}, found in {@code keys}, signed
     * {@code signed} (TUF §5.3.4, §5.4.2, §5.5.3, §5.6.3). Signatures by other keys, and bad signatures, count for
     * nothing; they are not an error by themselves.
     *
     * @throws TufException {@link TufException#THRESHOLD} naming the role and the counts
     */
    public static void checkThreshold(Signed<?> signed, Map<String, TufKey> keys, RoleKeys role, String roleName) {
        byte[] data = signed.canonicalSigned();
        List<TufKey> good = new ArrayList<>();
        for (Signed.Signature s : signed.signatures()) {
            if (!role.keyIds().contains(s.keyId()) || s.sig().isEmpty()) {
                continue;
            }
            TufKey key = keys.get(s.keyId());
            if (key == null || good.stream().anyMatch(k -> k.sameKeyAs(key))) {
                continue;
            }
            if (key.verifies(data, HexFormat.of().parseHex(s.sig()))) {
                good.add(key);
            }
        }
        if (good.size() < role.threshold()) {
            throw new TufException(
                    TufException.THRESHOLD,
                    roleName + " signatures",
                    good.size() + " valid",
                    "at least " + role.threshold() + " of " + role.keyIds().size() + " keys");
        }
    }
}

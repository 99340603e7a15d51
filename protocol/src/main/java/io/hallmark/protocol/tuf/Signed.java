package io.hallmark.protocol.tuf;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One metadata file: its {@code signed} part, the signatures over it, and the canonical bytes they cover.
 *
 * @param <M> the role's metadata type
 * @param signed the metadata
 * @param signatures the signatures, at most one per key id
 * @param canonicalSigned the canonical JSON ({@link TufJson#canonical}) of the {@code signed} tree as read
 * @param signedTree the {@code signed} tree as read or written
 */
public record Signed<M extends Metadata>(
        M signed, List<Signature> signatures, byte[] canonicalSigned, Map<String, Object> signedTree) {

    /** Copies the lists. */
    public Signed {
        signatures = List.copyOf(signatures);
        canonicalSigned = canonicalSigned.clone();
    }

    @Override
    public byte[] canonicalSigned() {
        return canonicalSigned.clone();
    }

    /**
     * One signature (TUF §4.2 {@code signatures} entry).
     *
     * @param keyId the id of the key that made it
     * @param sig the signature bytes, lowercase hex
     */
    public record Signature(String keyId, String sig) {}

    @Override
    public boolean equals(Object o) {
        return o instanceof Signed<?> s
                && s.signed.equals(signed)
                && s.signatures.equals(signatures)
                && Arrays.equals(s.canonicalSigned, canonicalSigned);
    }

    @Override
    public int hashCode() {
        return signed.hashCode() * 31 + Arrays.hashCode(canonicalSigned);
    }

    @Override
    public String toString() {
        return "Signed[" + signed.type() + " v" + signed.version() + ", " + signatures.size() + " signatures]";
    }
}

package io.hallmark.protocol.tuf;

/**
 * Signs TUF metadata with one key whose private part stays where it is (a key vault, an offline key file).
 *
 * <p>{@link #sign} returns the raw signature TUF stores in hex: 64 bytes for Ed25519, DER for ECDSA P-256.
 */
public interface TufSigner {
    /** The public key, as metadata lists it. */
    TufKey key();

    /** The signature over {@code data} (the canonical bytes of a {@code signed} object). */
    byte[] sign(byte[] data);
}

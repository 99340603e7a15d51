/**
 * The Update Framework (TUF specification 1.0): the metadata of the four top-level roles and of delegated targets
 * ({@link io.hallmark.protocol.tuf.Metadata}), its strict bounded reader, canonical JSON and signatures ({@link
 * io.hallmark.protocol.tuf.TufCodec}, {@link io.hallmark.protocol.tuf.TufJson}, {@link
 * io.hallmark.protocol.tuf.TufKey}), and the client workflow of TUF §5.3–§5.7 ({@link
 * io.hallmark.protocol.tuf.TrustedMetadata}, pure; {@link io.hallmark.protocol.tuf.TufClient}, over a fetcher).
 *
 * <p>Keys are Ed25519 and ECDSA P-256 in the forms tuf-js, python-tuf and sigstore-java read. Shared by the server's
 * repository and the device agent.
 */
package io.hallmark.protocol.tuf;

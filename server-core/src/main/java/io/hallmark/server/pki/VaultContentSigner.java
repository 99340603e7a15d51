package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * A BouncyCastle {@link ContentSigner} that asks the {@link KeyVault} for the signature, so a CA key never leaves
 * its vault.
 *
 * <p>The algorithm follows the key: SHA256withECDSA for P-256, SHA384withECDSA for P-384, Ed25519 for Ed25519
 * (RFC 5758 §3.2, RFC 8410 §3). One instance signs one structure: BouncyCastle writes the to-be-signed bytes into
 * {@link #getOutputStream()} and then calls {@link #getSignature()}.
 */
final class VaultContentSigner implements ContentSigner {
    private final KeyVault vault;
    private final String alias;
    private final KeyType type;
    private final AlgorithmIdentifier algorithm;
    private final ByteArrayOutputStream toBeSigned = new ByteArrayOutputStream();

    private VaultContentSigner(KeyVault vault, String alias, KeyType type) {
        this.vault = vault;
        this.alias = alias;
        this.type = type;
        this.algorithm = new DefaultSignatureAlgorithmIdentifierFinder().find(type.signatureAlgorithm());
    }

    /** A signer with the key under {@code alias}, using the signature algorithm of its key type. */
    static VaultContentSigner of(KeyVault vault, String alias) {
        Checks.notNull(vault, "vault");
        PublicKey key = vault.publicKey(alias)
                .orElseThrow(() -> new IllegalArgumentException("alias: " + alias + " (expected: a key in the vault)"));
        return new VaultContentSigner(vault, alias, keyType(key));
    }

    /** The key type of {@code key}. */
    static KeyType keyType(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits == 256) {
                return KeyType.EC_P256;
            }
            if (bits == 384) {
                return KeyType.EC_P384;
            }
        } else if (key instanceof EdECPublicKey ed
                && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
            return KeyType.ED25519;
        }
        throw new IllegalArgumentException("key: " + key.getAlgorithm() + " (expected: EC P-256, EC P-384 or Ed25519)");
    }

    /** The key type, hence the signature algorithm, of this signer. */
    KeyType keyType() {
        return type;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
        return toBeSigned;
    }

    @Override
    public byte[] getSignature() {
        return vault.sign(alias, type.signatureAlgorithm(), toBeSigned.toByteArray());
    }
}

package io.hallmark.server.update;

import io.hallmark.protocol.tuf.TufKey;
import io.hallmark.protocol.tuf.TufSigner;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;

/** A TUF signer whose key stays in the vault: ECDSA P-256 ({@code ecdsa-sha2-nistp256}), which HSMs hold too. */
final class VaultTufSigner implements TufSigner {
    private final KeyVault vault;
    private final String alias;
    private final TufKey key;

    private VaultTufSigner(KeyVault vault, String alias, TufKey key) {
        this.vault = vault;
        this.alias = alias;
        this.key = key;
    }

    /** The signer of {@code alias}, making the key first when the vault has none. Must not run in a transaction. */
    static VaultTufSigner of(KeyVault vault, String alias) {
        var pub = vault.publicKey(alias).orElseGet(() -> vault.generate(alias, KeyType.EC_P256));
        return new VaultTufSigner(vault, alias, TufKey.of(pub));
    }

    /** The signer of an existing key. */
    static VaultTufSigner existing(KeyVault vault, String alias) {
        var pub = vault.publicKey(alias)
                .orElseThrow(() -> new IllegalStateException("vault: no key " + alias + " (expected: made)"));
        return new VaultTufSigner(vault, alias, TufKey.of(pub));
    }

    @Override
    public TufKey key() {
        return key;
    }

    @Override
    public byte[] sign(byte[] data) {
        return vault.sign(alias, key.jcaAlgorithm(), data);
    }
}

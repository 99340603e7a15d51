package io.hallmark.server.vault;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import io.hallmark.core.CanonicalJson;
import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.core.Jws;
import io.hallmark.core.Pem;
import io.hallmark.core.UntrustedInputException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Map;

/**
 * Signs platform statements (trust labels, update assignments) as compact JWS with ES256 (P-256, RFC 7518 §3.4) by a
 * key of the vault that is made on first use and never leaves it. The payload is the canonical JSON (RFC 8785) of the
 * claims; the header names the statement's {@code typ} (RFC 7515 §4.1.9) and the key id ({@code kid}): the first 16
 * hex digits of the SHA-256 of the public key's SubjectPublicKeyInfo.
 */
public final class VaultJwsSigner {
    private final KeyVault vault;
    private final String alias;
    private final JOSEObjectType type;
    private volatile PublicKey key;

    /**
     * A signer with the vault key {@code alias}, for statements of JWS type {@code type}.
     *
     * @param type the {@code typ} header, e.g. {@code hallmark-label+jwt}
     */
    public VaultJwsSigner(KeyVault vault, String alias, String type) {
        this.vault = Checks.notNull(vault, "vault");
        this.alias = Checks.notBlank(alias, "alias");
        this.type = new JOSEObjectType(Checks.notBlank(type, "type"));
    }

    /** The public key, made in the vault on first use. */
    public synchronized PublicKey publicKey() {
        if (key == null) {
            key = vault.publicKey(alias).orElseGet(() -> vault.generate(alias, KeyType.EC_P256));
        }
        return key;
    }

    /** The public key as PEM (SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return Pem.publicKey(publicKey());
    }

    /** The key id written into every signature's header. */
    public String keyId() {
        return Hashes.hex(Hashes.sha256(publicKey().getEncoded())).substring(0, 16);
    }

    /** A compact JWS over the canonical JSON of {@code claims}. Must not run inside a transaction (the vault audits). */
    public String sign(Map<String, Object> claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(type)
                .keyID(keyId())
                .build();
        byte[] payload = CanonicalJson.write(claims).getBytes(StandardCharsets.UTF_8);
        return Jws.sign(header, payload, data -> vault.sign(alias, KeyType.EC_P256.signatureAlgorithm(), data));
    }

    /** Whether {@code jws} is an ES256 signature of this key. */
    public boolean verifies(String jws) {
        try {
            Jws.verify(jws, publicKey(), JWSAlgorithm.ES256);
            return true;
        } catch (UntrustedInputException e) {
            return false;
        }
    }
}

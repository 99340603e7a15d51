package io.hallmark.server.update;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import io.hallmark.core.CanonicalJson;
import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.core.Jws;
import io.hallmark.core.Pem;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Map;

/**
 * Signs update assignments with the platform's assignment key (ES256 on P-256, RFC 7518 §3.4; alias {@value #ALIAS}),
 * made in the vault on first use. The key id is the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo.
 */
final class RolloutSigner {
    /** The vault alias of the assignment key. */
    static final String ALIAS = "assignment-signing";
    /** The JWS {@code typ} of an assignment (RFC 7515 §4.1.9). */
    static final String TYPE = "hallmark-assignment+jwt";

    private final KeyVault vault;
    private volatile PublicKey key;

    RolloutSigner(KeyVault vault) {
        this.vault = Checks.notNull(vault, "vault");
    }

    synchronized PublicKey publicKey() {
        if (key == null) {
            key = vault.publicKey(ALIAS).orElseGet(() -> vault.generate(ALIAS, KeyType.EC_P256));
        }
        return key;
    }

    String publicKeyPem() {
        return Pem.publicKey(publicKey());
    }

    String keyId() {
        return Hashes.hex(Hashes.sha256(publicKey().getEncoded())).substring(0, 16);
    }

    /** A compact JWS over the canonical JSON (RFC 8785) of {@code claims}. Must not run inside a transaction. */
    String sign(Map<String, Object> claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType(TYPE))
                .keyID(keyId())
                .build();
        byte[] payload = CanonicalJson.write(claims).getBytes(StandardCharsets.UTF_8);
        return Jws.sign(header, payload, data -> vault.sign(ALIAS, KeyType.EC_P256.signatureAlgorithm(), data));
    }
}

package io.hallmark.server.attestation;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import io.hallmark.core.CanonicalJson;
import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.core.Jws;
import io.hallmark.protocol.attestation.EarClaims;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Map;

/**
 * Signs attestation results (EAR, draft-ietf-rats-ear-03 §3.2) with the platform attestation key (ES256, P-256,
 * alias {@value #ALIAS}), made in the vault on first use; publishes its public key as a JWK (RFC 7517) with {@code
 * use} {@code sig}. The key id is the first 16 hex digits of the SHA-256 of the SubjectPublicKeyInfo.
 */
final class EarSigner {
    /** The vault alias of the attestation key. */
    static final String ALIAS = "attestation-signing";

    private final KeyVault vault;
    // read on every result: set once, then read without a lock
    private volatile PublicKey key;
    private volatile String keyId;

    EarSigner(KeyVault vault) {
        this.vault = Checks.notNull(vault, "vault");
    }

    PublicKey publicKey() {
        PublicKey k = key;
        return k != null ? k : load();
    }

    private synchronized PublicKey load() {
        if (key == null) {
            PublicKey k = vault.publicKey(ALIAS).orElseGet(() -> vault.generate(ALIAS, KeyType.EC_P256));
            keyId = Hashes.hex(Hashes.sha256(k.getEncoded())).substring(0, 16);
            key = k;
        }
        return key;
    }

    String keyId() {
        publicKey();
        return keyId;
    }

    /** The public key as a JWK (RFC 7518 §6.2), for relying parties. */
    String jwk() {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) publicKey())
                .keyUse(KeyUse.SIGNATURE)
                .keyID(keyId())
                .algorithm(JWSAlgorithm.ES256)
                .build()
                .toJSONString();
    }

    /** A compact JWS over the canonical JSON (RFC 8785) of {@code claims}. Must not run inside a transaction. */
    String sign(Map<String, Object> claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType(EarClaims.TYPE))
                .keyID(keyId())
                .build();
        byte[] payload = CanonicalJson.write(claims).getBytes(StandardCharsets.UTF_8);
        return Jws.sign(header, payload, data -> vault.sign(ALIAS, KeyType.EC_P256.signatureAlgorithm(), data));
    }
}

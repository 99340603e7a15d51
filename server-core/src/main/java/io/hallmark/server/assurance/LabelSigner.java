package io.hallmark.server.assurance;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import io.hallmark.core.CanonicalJson;
import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.core.Jws;
import io.hallmark.core.Pem;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Map;

/**
 * Signs labels with the platform's label key (ES256, P-256, alias {@value #ALIAS}), made in the vault on first use,
 * and checks label signatures against it. The key id ({@code kid}) is the first 16 hex digits of the SHA-256 of the
 * public key's SubjectPublicKeyInfo.
 */
final class LabelSigner {
    /** The vault alias of the label key. */
    static final String ALIAS = "label-signing";
    /** The JWS {@code typ} of a label (RFC 7515 §4.1.9). */
    static final String TYPE = "hallmark-label+jwt";

    private final KeyVault vault;
    private volatile PublicKey key;

    LabelSigner(KeyVault vault) {
        this.vault = Checks.notNull(vault, "vault");
    }

    /** The label public key, made on first use. */
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

    /** Whether {@code jws} is an ES256 signature of the label key. */
    boolean verifies(String jws) {
        try {
            Jws.verify(jws, publicKey(), JWSAlgorithm.ES256);
            return true;
        } catch (UntrustedInputException e) {
            return false;
        }
    }
}

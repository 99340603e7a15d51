package io.hallmark.protocol.tuf;

import io.hallmark.core.Hashes;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A public key in TUF's key format (TUF §4.2 "key objects"), with its key id.
 *
 * <p>Two kinds are read and written, the ones tuf-js, python-tuf and sigstore-java all accept:
 *
 * <ul>
 *   <li>{@code keytype "ed25519"}, {@code scheme "ed25519"}, {@code keyval.public} the 32-byte key in lowercase hex;
 *   <li>{@code keytype "ecdsa"} (also read: {@code "ecdsa-sha2-nistp256"}), {@code scheme "ecdsa-sha2-nistp256"},
 *       {@code keyval.public} a PEM SubjectPublicKeyInfo of a P-256 key (also read: the uncompressed point in hex);
 *       signatures are DER, over SHA-256.
 * </ul>
 *
 * <p>The key id is the lowercase hex SHA-256 of the canonical JSON of {@code {keytype, scheme, keyval}} (TUF §4.2).
 *
 * @param keyId the key id under which metadata lists the key
 * @param keyType {@code ed25519} or {@code ecdsa}
 * @param scheme {@code ed25519} or {@code ecdsa-sha2-nistp256}
 * @param publicValue {@code keyval.public} as written
 * @param publicKey the decoded key
 */
public record TufKey(String keyId, String keyType, String scheme, String publicValue, PublicKey publicKey) {
    /** The Ed25519 scheme (RFC 8032). */
    public static final String ED25519 = "ed25519";
    /** ECDSA on P-256 with SHA-256, DER signatures. */
    public static final String ECDSA_P256 = "ecdsa-sha2-nistp256";

    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] P256_SPKI_PREFIX =
            HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

    /** The TUF form of a JCA Ed25519 or EC P-256 public key, with its computed key id. */
    public static TufKey of(PublicKey key) {
        String keyType;
        String scheme;
        String value;
        if (key instanceof EdECPublicKey
                || "Ed25519".equals(key.getAlgorithm())
                || "EdDSA".equals(key.getAlgorithm())) {
            byte[] der = key.getEncoded();
            keyType = ED25519;
            scheme = ED25519;
            value = HexFormat.of().formatHex(Arrays.copyOfRange(der, der.length - 32, der.length));
        } else if (key instanceof ECPublicKey ec && isP256(ec.getParams())) {
            keyType = "ecdsa";
            scheme = ECDSA_P256;
            value = pem(key.getEncoded());
        } else {
            throw new IllegalArgumentException("key: " + key.getAlgorithm() + " (expected: Ed25519 or EC P-256)");
        }
        Map<String, Object> json = json(keyType, scheme, value);
        return new TufKey(keyIdOf(json), keyType, scheme, value, key);
    }

    /**
     * Reads a key object; {@code keyId} is the id the metadata lists it under (not recomputed: TUF leaves the id's
     * computation to the repository, and clients match by the listed id).
     */
    static TufKey read(String keyId, Object json, String path) {
        Map<String, Object> m = Tree.object(json, path);
        Tree.allowOnly(m, path, "keytype", "scheme", "keyval", "keyid_hash_algorithms");
        String keyType = Tree.string(m, "keytype", path);
        String scheme = Tree.string(m, "scheme", path);
        Map<String, Object> keyval = Tree.object(Tree.required(m, "keyval", path), path + ".keyval");
        Tree.allowOnly(keyval, path + ".keyval", "public");
        String value = Tree.string(keyval, "public", path + ".keyval");
        Tree.checkHexLower(keyId, path, 64);
        PublicKey key;
        try {
            key = switch (keyType + "/" + scheme) {
                case "ed25519/ed25519" -> decode("Ed25519", value, ED25519_SPKI_PREFIX, 32);
                case "ecdsa/ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256/ecdsa-sha2-nistp256" -> {
                    PublicKey k = decode("EC", value, P256_SPKI_PREFIX, 65);
                    if (!(k instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
                        throw new GeneralSecurityException("not P-256");
                    }
                    yield k;
                }
                default ->
                    throw new TufException(
                            TufException.KEY, path, keyType + "/" + scheme, "ed25519/ed25519 or ecdsa/" + ECDSA_P256);
            };
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TufException(TufException.KEY, path + ".keyval.public", "not decodable", keyType + " public key");
        }
        return new TufKey(keyId, keyType, scheme, value, key);
    }

    /** Reads the key object {@code json} (a tree of {@link TufJson#read}) listed under {@code keyId}. */
    public static TufKey fromJson(String keyId, Object json) {
        return read(keyId, json, "key");
    }

    /** The key object as it appears in metadata: {@code keytype}, {@code scheme}, {@code keyval}. */
    public Map<String, Object> toJson() {
        return json(keyType, scheme, publicValue);
    }

    /** Whether {@code signature} (raw bytes) is this key's signature over {@code data}; never throws. */
    public boolean verifies(byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ED25519.equals(scheme) ? "Ed25519" : "SHA256withECDSA");
            s.initVerify(publicKey);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The JCA signature algorithm a signer of this key uses. */
    public String jcaAlgorithm() {
        return ED25519.equals(scheme) ? "Ed25519" : "SHA256withECDSA";
    }

    private static Map<String, Object> json(String keyType, String scheme, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keytype", keyType);
        m.put("scheme", scheme);
        m.put("keyval", Map.of("public", value));
        return m;
    }

    private static String keyIdOf(Map<String, Object> json) {
        return HexFormat.of().formatHex(Hashes.sha256(TufJson.canonical(json)));
    }

    private static PublicKey decode(String algorithm, String value, byte[] prefix, int rawLength)
            throws GeneralSecurityException {
        byte[] der;
        if (value.startsWith("-----BEGIN PUBLIC KEY-----")) {
            String body = value.replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", "")
                    .replaceAll("\\s", "");
            der = Base64.getDecoder().decode(body);
        } else {
            byte[] raw = HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT));
            if (raw.length != rawLength) {
                throw new GeneralSecurityException("length");
            }
            der = new byte[prefix.length + raw.length];
            System.arraycopy(prefix, 0, der, 0, prefix.length);
            System.arraycopy(raw, 0, der, prefix.length, raw.length);
        }
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
    }

    private static boolean isP256(ECParameterSpec p) {
        return p.getCurve().getField().getFieldSize() == 256
                && p.getOrder()
                        .equals(new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16));
    }

    private static String pem(byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** Two keys are the same key when their encoded public keys are equal, whatever id lists them. */
    boolean sameKeyAs(TufKey other) {
        return Arrays.equals(publicKey.getEncoded(), other.publicKey.getEncoded());
    }
}

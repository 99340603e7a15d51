package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The CAs whose certificates the OCSP responder answers for and the CRL publisher publishes CRLs of: each by its
 * vault alias, which is also its CA id in CRL URLs (see {@link RevocationUrls}), with its certificate.
 *
 * <p>Feed it with {@link #register(OrganizationCa)} for every organization when its CAs are ensured, or with {@link
 * #register(String, X509Certificate)} for any other CA whose key is in the vault. Safe for concurrent use.
 *
 * <p>It also finds a CA by an OCSP CertID's issuerNameHash and issuerKeyHash (RFC 6960 §4.1.1): the hash of the
 * DER of the CA's subject name and of the value of its subjectPublicKey BIT STRING, with SHA-1 (what {@code openssl
 * ocsp} sends by default), SHA-256, SHA-384 or SHA-512.
 */
public final class CaDirectory {
    /** The CertID hash algorithms answered, by OID, with their JCA names. */
    private static final Map<ASN1ObjectIdentifier, String> HASHES = Map.of(
            OIWObjectIdentifiers.idSHA1, "SHA-1",
            NISTObjectIdentifiers.id_sha256, "SHA-256",
            NISTObjectIdentifiers.id_sha384, "SHA-384",
            NISTObjectIdentifiers.id_sha512, "SHA-512");

    private final Map<String, Ca> byAlias = new ConcurrentHashMap<>();
    private final Map<IssuerHash, Ca> byHash = new ConcurrentHashMap<>();

    /** An empty directory. */
    public CaDirectory() {}

    /** Registers the organization's root and issuing CAs under their vault aliases. */
    public CaDirectory register(OrganizationCa ca) {
        Checks.notNull(ca, "ca");
        ca.authorities().forEach(this::register);
        return this;
    }

    /**
     * Registers the CA whose key is under {@code alias} in the vault, with its certificate; registering an alias
     * again replaces its certificate, for instance after re-certification with the same key.
     */
    public CaDirectory register(String alias, X509Certificate certificate) {
        Checks.notBlank(alias, "alias");
        Checks.notNull(certificate, "certificate");
        Ca ca = new Ca(alias, certificate);
        Ca previous = byAlias.put(alias, ca);
        if (previous != null) {
            hashes(previous).forEach(hash -> byHash.remove(hash, previous));
        }
        hashes(ca).forEach(hash -> byHash.put(hash, ca));
        return this;
    }

    /** The certificate of the CA {@code alias}, if registered. */
    public Optional<X509Certificate> findCertificate(String alias) {
        return find(alias).map(Ca::certificate);
    }

    Optional<Ca> find(String alias) {
        return alias == null ? Optional.empty() : Optional.ofNullable(byAlias.get(alias));
    }

    /** The CA named by a CertID's hash algorithm, issuerNameHash and issuerKeyHash (RFC 6960 §4.1.1). */
    Optional<Ca> findByCertId(ASN1ObjectIdentifier hashAlgorithm, byte[] nameHash, byte[] keyHash) {
        if (!HASHES.containsKey(hashAlgorithm)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(new IssuerHash(hashAlgorithm, bytes(nameHash), bytes(keyHash))));
    }

    private static List<IssuerHash> hashes(Ca ca) {
        byte[] name = ca.certificate().getSubjectX500Principal().getEncoded();
        byte[] key = SubjectPublicKeyInfo.getInstance(
                        ca.certificate().getPublicKey().getEncoded())
                .getPublicKeyData()
                .getBytes();
        return HASHES.entrySet().stream()
                .map(e -> new IssuerHash(e.getKey(), digest(e.getValue(), name), digest(e.getValue(), key)))
                .toList();
    }

    private static ByteBuffer digest(String algorithm, byte[] data) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no " + algorithm, e);
        }
    }

    private static ByteBuffer bytes(byte[] value) {
        return ByteBuffer.wrap(value == null ? new byte[0] : value.clone());
    }

    /**
     * A registered CA.
     *
     * @param alias its vault alias and CA id
     * @param certificate its certificate
     */
    record Ca(String alias, X509Certificate certificate) {}

    /** A CertID's issuer part; {@link ByteBuffer} compares contents, as the map key needs. */
    private record IssuerHash(ASN1ObjectIdentifier algorithm, ByteBuffer nameHash, ByteBuffer keyHash) {}
}

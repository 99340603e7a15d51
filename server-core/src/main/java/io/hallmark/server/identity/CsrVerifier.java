package io.hallmark.server.identity;

import io.hallmark.core.UntrustedInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Checks a PKCS#10 certification request (RFC 2986) as EST receives it (RFC 7030 §4.2.1): decoding, the signature
 * that proves possession of the private key, the signature algorithm, and the key against the allow-list. Pure: bytes
 * in, a {@link Csr} or an {@link UntrustedInputException} whose message says what is wrong out.
 *
 * <p>Accepted input: DER, base64 of DER (the EST body, RFC 8951 §3.2, line breaks allowed), or PEM. At most {@value
 * #MAX_BYTES} bytes. Keys allowed: EC P-256 and P-384, Ed25519, and RSA of 2048 to 8192 bits; request signatures
 * allowed: ECDSA with SHA-256/384/512, Ed25519, RSA PKCS#1 v1.5 or PSS with SHA-256/384/512 (no SHA-1, no MD5).
 * Whether the subject names the right device is the caller's decision, since only it knows the device.
 */
public final class CsrVerifier {
    /** The largest request accepted, in bytes of input. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final Set<ASN1ObjectIdentifier> SIGNATURES = Set.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512,
            EdECObjectIdentifiers.id_Ed25519,
            PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption,
            PKCSObjectIdentifiers.sha512WithRSAEncryption,
            PKCSObjectIdentifiers.id_RSASSA_PSS);

    /**
     * The provider that checks request signatures: BouncyCastle's, passed by instance and not installed in the JVM.
     * Measured on the project's machine (docs/benchmarks.md, factory issuance) it verifies P-256 ECDSA several times
     * faster than the JDK's SunEC, and a CSR's check is the largest cost of a factory batch. Only public keys and
     * signatures of the requests pass through it; CA keys and TLS stay with their own providers.
     */
    private static final Provider VERIFIER = new BouncyCastleProvider();

    private CsrVerifier() {}

    /**
     * Decodes and checks {@code input}.
     *
     * @throws UntrustedInputException when it is not a well-formed, correctly self-signed request for an allowed key
     */
    public static Csr verify(byte[] input) {
        if (input == null || input.length == 0) {
            throw new UntrustedInputException("CSR: empty (expected: a PKCS#10 request, DER, base64 or PEM)");
        }
        if (input.length > MAX_BYTES) {
            throw new UntrustedInputException("CSR: " + input.length + " bytes (expected: at most " + MAX_BYTES + ")");
        }
        byte[] der = der(input);
        JcaPKCS10CertificationRequest request;
        try {
            request = new JcaPKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new UntrustedInputException("CSR: not a PKCS#10 certification request");
        }
        ASN1ObjectIdentifier algorithm = request.getSignatureAlgorithm().getAlgorithm();
        if (!SIGNATURES.contains(algorithm)) {
            throw new UntrustedInputException("CSR: signature algorithm " + algorithm.getId()
                    + " (expected: ECDSA, Ed25519 or RSA with SHA-256 or stronger)");
        }
        PublicKey key;
        try {
            key = request.getPublicKey();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new UntrustedInputException("CSR: the public key cannot be decoded");
        }
        checkKey(key);
        try {
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder()
                    .setProvider(VERIFIER)
                    .build(key);
            if (!request.isSignatureValid(verifier)) {
                throw new UntrustedInputException("CSR: the signature does not verify (no proof of possession)");
            }
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            if (e instanceof UntrustedInputException u) {
                throw u;
            }
            throw new UntrustedInputException("CSR: the signature cannot be checked");
        }
        X500Name subject = request.getSubject();
        return new Csr(key, attribute(subject, BCStyle.SERIALNUMBER), attribute(subject, BCStyle.CN), der);
    }

    /** Refuses a key that is not on the allow-list, saying which keys are. */
    static void checkKey(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits == 256 || bits == 384) {
                return;
            }
            throw new UntrustedInputException(
                    "CSR: EC key on a " + bits + "-bit curve (expected: P-256, P-384, Ed25519 or RSA >= 2048)");
        }
        if (key instanceof EdECPublicKey ed
                && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
            return;
        }
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits >= 2048 && bits <= 8192) {
                return;
            }
            throw new UntrustedInputException(
                    "CSR: RSA key of " + bits + " bits (expected: 2048 to 8192 bits, or EC P-256, P-384, Ed25519)");
        }
        throw new UntrustedInputException(
                "CSR: " + key.getAlgorithm() + " key (expected: EC P-256, P-384, Ed25519 or RSA >= 2048)");
    }

    private static byte[] der(byte[] input) {
        if ((input[0] & 0xff) == 0x30) {
            return input;
        }
        String text = new String(input, StandardCharsets.US_ASCII).strip();
        if (text.startsWith("-----BEGIN")) {
            int start = text.indexOf('\n');
            int end = text.indexOf("-----END");
            if (start < 0 || end < start) {
                throw new UntrustedInputException("CSR: malformed PEM");
            }
            String label = text.substring("-----BEGIN ".length(), text.indexOf("-----", 5));
            if (!label.equals("CERTIFICATE REQUEST") && !label.equals("NEW CERTIFICATE REQUEST")) {
                throw new UntrustedInputException("CSR: PEM label " + label + " (expected: CERTIFICATE REQUEST)");
            }
            text = text.substring(start, end);
        }
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new UntrustedInputException("CSR: neither DER nor base64");
        }
    }

    private static Optional<String> attribute(X500Name subject, ASN1ObjectIdentifier type) {
        RDN[] rdns = subject.getRDNs(type);
        if (rdns.length == 0) {
            return Optional.empty();
        }
        if (rdns.length > 1 || rdns[0].isMultiValued()) {
            throw new UntrustedInputException(
                    "CSR: the subject has more than one " + BCStyle.INSTANCE.oidToDisplayName(type));
        }
        ASN1Encodable value = rdns[0].getFirst().getValue();
        return Optional.of(value instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(value));
    }
}

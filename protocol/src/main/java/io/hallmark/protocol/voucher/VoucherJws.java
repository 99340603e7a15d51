package io.hallmark.protocol.voucher;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.util.Base64;
import io.hallmark.core.Jws;
import io.hallmark.core.UntrustedInputException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Vouchers and voucher requests signed as compact JWS (ES256), with the signer's certificate chain in {@code x5c}
 * and {@code typ} {@value #TYPE}, after draft-ietf-anima-jws-voucher (which uses the general JSON serialization of the
 * same header and payload). The checks are pure: bytes, trust anchors and the time in; a value or an {@link
 * UntrustedInputException} naming the failed check out.
 */
public final class VoucherJws {
    /** The JWS {@code typ} and, with {@code application/}, the media type on the wire. */
    public static final String TYPE = "voucher-jws+json";
    /** The media type of a signed voucher or voucher request. */
    public static final String MEDIA_TYPE = "application/" + TYPE;

    private VoucherJws() {}

    /** Signs {@code json} (a voucher or request) with the key behind {@code signer}, whose chain is {@code chain}. */
    public static String sign(byte[] json, List<X509Certificate> chain, Jws.DerSigner signer) {
        List<Base64> x5c = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                x5c.add(Base64.encode(c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("chain: a certificate cannot be encoded", e);
            }
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType(TYPE))
                .x509CertChain(x5c)
                .build();
        return Jws.sign(header, json, signer);
    }

    /** What a verified voucher must say. */
    public record Expectation(String serialNumber, Optional<byte[]> nonce) {}

    /**
     * Verifies a voucher as a pledge or a registrar does (RFC 8995 §5.6.1): the signer's chain leads to one of
     * {@code masaAnchors} at {@code now}, the ES256 signature verifies with the signer's key, the voucher names the
     * expected serial number, has not expired, and echoes the expected nonce when one is expected.
     *
     * @throws UntrustedInputException naming the failed check
     */
    public static Voucher verifyVoucher(
            String compact, Collection<X509Certificate> masaAnchors, Instant now, Expectation expected) {
        JWSObject jws = verifiedObject(compact, masaAnchors, now, "voucher");
        Voucher v = VoucherCodec.decodeVoucher(jws.getPayload().toBytes());
        if (!v.serialNumber().equals(expected.serialNumber())) {
            throw new UntrustedInputException(
                    "voucher: for serial " + v.serialNumber() + " (expected: " + expected.serialNumber() + ")");
        }
        if (v.expiresOn().isPresent() && !now.isBefore(v.expiresOn().get())) {
            throw new UntrustedInputException(
                    "voucher: expired on " + v.expiresOn().get());
        }
        if (expected.nonce().isPresent()
                && (v.nonce().isEmpty()
                        || !java.security.MessageDigest.isEqual(
                                v.nonce().get(), expected.nonce().get()))) {
            throw new UntrustedInputException("voucher: the nonce does not match the request");
        }
        return v;
    }

    /**
     * Verifies a pledge's voucher request as a registrar does (RFC 8995 §5.5): it is signed by the key of {@code
     * pledgeCertificate} (the IDevID the pledge presented in TLS), whose {@code x5c} it carries, and names that
     * certificate's serial number.
     *
     * @param serialNumber the serial number in the pledge certificate's subject
     * @throws UntrustedInputException naming the failed check
     */
    public static VoucherRequest verifyRequest(String compact, X509Certificate pledgeCertificate, String serialNumber) {
        JWSObject jws = parse(compact, "voucher request");
        List<X509Certificate> chain = chain(jws, "voucher request");
        if (!chain.get(0).equals(pledgeCertificate)) {
            throw new UntrustedInputException("voucher request: signed by another certificate than the TLS one");
        }
        Jws.verify(compact, pledgeCertificate.getPublicKey(), JWSAlgorithm.ES256);
        VoucherRequest r = VoucherCodec.decodeRequest(jws.getPayload().toBytes());
        if (!r.serialNumber().equals(serialNumber)) {
            throw new UntrustedInputException("voucher request: for serial " + r.serialNumber() + " (expected: "
                    + serialNumber + ", the IDevID's)");
        }
        return r;
    }

    /** A registrar's voucher request and the chain that signed it. */
    public record SignedRequest(VoucherRequest request, List<X509Certificate> chain) {}

    /**
     * Verifies a registrar's voucher request as a MASA does (RFC 8995 §5.5.2): signed with the key of the first
     * {@code x5c} certificate, each certificate of {@code x5c} signed by the next, and carrying the pledge's prior
     * signed request. Whether the chain's last certificate is a domain the device was sold to is the MASA's
     * decision.
     *
     * @throws UntrustedInputException naming the failed check
     */
    public static SignedRequest verifyRegistrarRequest(String compact, Instant now) {
        JWSObject jws = parse(compact, "registrar voucher request");
        List<X509Certificate> chain = chain(jws, "registrar voucher request");
        try {
            for (int i = 0; i < chain.size(); i++) {
                chain.get(i).checkValidity(Date.from(now));
                X509Certificate issuer = chain.get(Math.min(i + 1, chain.size() - 1));
                chain.get(i).verify(issuer.getPublicKey());
            }
        } catch (GeneralSecurityException e) {
            throw new UntrustedInputException("registrar voucher request: x5c is not a valid chain");
        }
        Jws.verify(compact, chain.get(0).getPublicKey(), JWSAlgorithm.ES256);
        VoucherRequest r = VoucherCodec.decodeRequest(jws.getPayload().toBytes());
        if (r.priorSignedVoucherRequest().isEmpty()) {
            throw new UntrustedInputException("registrar voucher request: prior-signed-voucher-request: required");
        }
        return new SignedRequest(r, chain);
    }

    /** The first certificate of a JWS's {@code x5c}, unverified: to find who claims to have signed it. */
    public static X509Certificate signer(String compact) {
        return chain(parse(compact, "voucher request"), "voucher request").get(0);
    }

    /** The payload of a signed voucher, unverified: to show or store it, never to trust it. */
    public static Voucher peek(String compact) {
        return VoucherCodec.decodeVoucher(parse(compact, "voucher").getPayload().toBytes());
    }

    private static JWSObject verifiedObject(
            String compact, Collection<X509Certificate> anchors, Instant now, String what) {
        JWSObject jws = parse(compact, what);
        List<X509Certificate> chain = chain(jws, what);
        Set<TrustAnchor> trust = new HashSet<>();
        for (X509Certificate a : anchors) {
            trust.add(new TrustAnchor(a, null));
        }
        if (trust.isEmpty()) {
            throw new UntrustedInputException(what + ": no trusted manufacturer");
        }
        try {
            X509CertSelector leaf = new X509CertSelector();
            leaf.setCertificate(chain.get(0));
            PKIXBuilderParameters params = new PKIXBuilderParameters(trust, leaf);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException e) {
            throw new UntrustedInputException(what + ": the signer is not a trusted manufacturer's");
        }
        Jws.verify(compact, chain.get(0).getPublicKey(), JWSAlgorithm.ES256);
        return jws;
    }

    private static JWSObject parse(String compact, String what) {
        if (compact == null || compact.isBlank() || compact.length() > 4 * VoucherCodec.MAX_BYTES) {
            throw new UntrustedInputException(what + ": expected a compact JWS");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact.strip());
        } catch (ParseException e) {
            throw new UntrustedInputException(what + ": not a compact JWS");
        }
        if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
            throw new UntrustedInputException(what + ": alg " + jws.getHeader().getAlgorithm() + " (expected: ES256)");
        }
        return jws;
    }

    private static List<X509Certificate> chain(JWSObject jws, String what) {
        List<Base64> x5c = jws.getHeader().getX509CertChain();
        if (x5c == null || x5c.isEmpty() || x5c.size() > 5) {
            throw new UntrustedInputException(what + ": x5c: expected the signer's certificate chain");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (Base64 b : x5c) {
                chain.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(b.decode())));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new UntrustedInputException(what + ": x5c: not X.509 certificates");
        }
        return chain;
    }
}

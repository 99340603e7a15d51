package io.hallmark.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 requests (RFC 2986) as the Hallmark EST server asks for them in {@code csrattrs} (RFC 7030 §4.5): the
 * subject {@code serialNumber=<serial>} (X.520 id-at-serialNumber) naming the device, signed with ECDSA and SHA-256
 * by the key being certified, which proves its possession (RFC 7030 §3.4).
 */
final class CertificationRequests {
    private CertificationRequests() {}

    /** The DER of a request for {@code keys}' public key, naming the device {@code serial}. */
    static byte[] create(KeyPair keys, String serial) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.SERIALNUMBER, serial)
                .build();
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
            return new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(signer)
                    .getEncoded();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(
                    "the request cannot be signed with an " + keys.getPrivate().getAlgorithm() + " key (expected: EC)",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

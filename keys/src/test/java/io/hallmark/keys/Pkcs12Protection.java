package io.hallmark.keys;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.AuthenticatedSafe;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.SafeBag;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/** What protects a PKCS#12 file (RFC 7292), read from its ASN.1 without the passphrase. */
record Pkcs12Protection(
        String macDigest,
        int macIterations,
        String certificateEncryption,
        List<String> keyEncryptions,
        List<String> keyDerivationPrfs) {

    static Pkcs12Protection of(byte[] file) {
        Pfx pfx = Pfx.getInstance(file);
        String certificateEncryption = null;
        List<String> keyEncryptions = new ArrayList<>();
        List<String> prfs = new ArrayList<>();
        var safe = AuthenticatedSafe.getInstance(
                ASN1OctetString.getInstance(pfx.getAuthSafe().getContent()).getOctets());
        for (ContentInfo info : safe.getContentInfo()) {
            if (info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
                AlgorithmIdentifier algorithm =
                        EncryptedData.getInstance(info.getContent()).getEncryptionAlgorithm();
                certificateEncryption = pbes2Scheme(algorithm, prfs);
            } else if (info.getContentType().equals(PKCSObjectIdentifiers.data)) {
                var bags = ASN1Sequence.getInstance(
                        ASN1OctetString.getInstance(info.getContent()).getOctets());
                for (ASN1Encodable element : bags) {
                    SafeBag bag = SafeBag.getInstance(element);
                    if (bag.getBagId().equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
                        AlgorithmIdentifier algorithm = EncryptedPrivateKeyInfo.getInstance(bag.getBagValue())
                                .getEncryptionAlgorithm();
                        keyEncryptions.add(pbes2Scheme(algorithm, prfs));
                    }
                }
            }
        }
        return new Pkcs12Protection(
                pfx.getMacData().getMac().getAlgorithmId().getAlgorithm().getId(),
                pfx.getMacData().getIterationCount().intValueExact(),
                certificateEncryption,
                keyEncryptions,
                prfs);
    }

    /** The cipher of a PBES2 algorithm (RFC 8018 §6.2), noting its PBKDF2 PRF; "not PBES2" otherwise. */
    private static String pbes2Scheme(AlgorithmIdentifier algorithm, List<String> prfs) {
        if (!algorithm.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBES2)) {
            return "not PBES2: " + algorithm.getAlgorithm();
        }
        PBES2Parameters parameters = PBES2Parameters.getInstance(algorithm.getParameters());
        prfs.add(PBKDF2Params.getInstance(parameters.getKeyDerivationFunc().getParameters())
                .getPrf()
                .getAlgorithm()
                .getId());
        return parameters.getEncryptionScheme().getAlgorithm().getId();
    }
}

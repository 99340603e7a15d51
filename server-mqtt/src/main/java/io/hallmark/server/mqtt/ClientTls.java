package io.hallmark.server.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** The TLS context Hallmark connects to an external broker with: its own client certificate, the broker's CAs. */
final class ClientTls {
    private ClientTls() {}

    /**
     * Reads PEM files: {@code caFile} (certificates to trust), {@code certFile} (the client's chain, leaf first) and
     * {@code keyFile} (its unencrypted key, PKCS#8 or the traditional EC/RSA form).
     *
     * @throws IllegalArgumentException naming the file that cannot be read
     */
    static SSLContext context(Path caFile, Path certFile, Path keyFile) {
        List<X509Certificate> cas = certificates(caFile, "mqtt.ca-file");
        List<X509Certificate> chain = certificates(certFile, "mqtt.cert-file");
        PrivateKey key = key(keyFile);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            char[] transientPassword = BrokerFiles.password().toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", key, transientPassword, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, transientPassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("mqtt.cert-file/mqtt.key-file: not a usable key and certificate", e);
        }
    }

    private static List<X509Certificate> certificates(Path file, String key) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(key + ": " + file + " (expected: PEM certificates)");
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(key + ": " + file + " cannot be read (expected: PEM certificates)", e);
        }
    }

    private static PrivateKey key(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException(
                    "mqtt.key-file: " + file + " (expected: an unencrypted PEM private key)");
        } catch (IOException e) {
            throw new IllegalArgumentException("mqtt.key-file: " + file + " cannot be read", e);
        }
    }
}

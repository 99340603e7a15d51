package io.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.hallmark.core.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS: the CLI trusts exactly the CA given with --ca-file (or the data directory), certificates minted per test. */
class CaTrustTest {
    @TempDir
    Path dir;

    CannedServer server;
    Path caFile;
    Path otherCaFile;
    Path token;

    @BeforeEach
    void start() throws Exception {
        KeyPair caKey = ecKeyPair();
        X509Certificate ca = certificate("CN=Test Platform CA", caKey, "CN=Test Platform CA", caKey, true);
        KeyPair serverKey = ecKeyPair();
        X509Certificate leaf = certificate("CN=127.0.0.1", serverKey, "CN=Test Platform CA", caKey, false);
        KeyPair otherKey = ecKeyPair();
        X509Certificate other = certificate("CN=Other CA", otherKey, "CN=Other CA", otherKey, true);
        caFile = Files.writeString(dir.resolve("platform-ca.pem"), Pem.certificate(ca));
        otherCaFile = Files.writeString(dir.resolve("other-ca.pem"), Pem.certificate(other));
        token = Files.writeString(dir.resolve("token"), "hm1_t_s\n");

        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", serverKey.getPrivate(), new char[0], new Certificate[] {leaf, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = new CannedServer(https).json("GET", "/api/v1/me", 200, "{\"user\":\"usr_1\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(
            String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, boolean isCa)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)),
                new X500Name(subject),
                subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    @Test
    void trustsTheGivenCa() {
        Cli.Result r = Cli.run(
                "whoami",
                "--json",
                "--url",
                server.url(),
                "--token-file",
                token.toString(),
                "--ca-file",
                caFile.toString());

        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("usr_1");
    }

    @Test
    void trustsTheCaOfTheDataDirectory() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data/trust")).getParent();
        Files.writeString(data.resolve("api.url"), server.url() + "\n");
        Files.copy(token, data.resolve("admin.token"));
        Files.copy(caFile, data.resolve("trust/platform-ca.pem"));

        Cli.Result r = Cli.run("whoami", "--data", data.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("usr_1");
    }

    @Test
    void refusesAServerSignedByAnotherCa() {
        Cli.Result r = Cli.run(
                "whoami", "--url", server.url(), "--token-file", token.toString(), "--ca-file", otherCaFile.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("hallmark: cannot reach " + server.url() + ": TLS");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void withoutCaFileTheJdkTrustStoreRefusesAPrivateCa() {
        Cli.Result r = Cli.run("whoami", "--url", server.url(), "--token-file", token.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("not trusted");
    }

    @Test
    void caFileThatIsNotACertificateIsBadInput() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.pem"), "hello");

        Cli.Result r =
                Cli.run("whoami", "--url", server.url(), "--token-file", token.toString(), "--ca-file", bad.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("CA file");
    }
}

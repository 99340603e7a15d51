package io.hallmark.server.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.Pem;
import io.hallmark.server.pki.OrganizationCa.Purpose;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device certificates read and verified by the {@code openssl} binary, a second implementation of RFC 5280. */
class OrganizationCaOpensslTest {
    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final OrganizationCa ca = OrganizationCa.ensure(
            vault,
            Clock.systemUTC(),
            "acme",
            "Acme Devices",
            Set.of(Purpose.IDEVID, Purpose.LDEVID),
            URI.create("http://pki.hallmark.example:8080"));

    @TempDir
    Path dir;

    @BeforeEach
    void requireOpenssl() {
        Assumptions.assumeTrue(Openssl.isInstalled(), "the openssl binary is not on the PATH; skipping");
    }

    @Test
    void opensslVerifiesAnIdevidThroughItsIssuingCaToTheOrganizationRoot() throws Exception {
        X509Certificate idevid = ca.issue(deviceKey(), OrganizationCaTest.idevid("SN-0001"));

        Openssl.Result result = verify(Purpose.IDEVID, idevid);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("leaf.pem: OK");
    }

    @Test
    void opensslVerifiesAnLdevidThroughItsIssuingCaToTheOrganizationRoot() throws Exception {
        X509Certificate ldevid =
                ca.issue(deviceKey(), DeviceProfile.ldevid("SN-0001", "pump-17").build());

        Openssl.Result result = verify(Purpose.LDEVID, ldevid);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("leaf.pem: OK");
    }

    @Test
    void opensslShowsTheHardwareModuleNameMasaUrlAndRevocationPointersOfAnIdevid() throws Exception {
        X509Certificate idevid = ca.issue(deviceKey(), OrganizationCaTest.idevid("SN-0001"));
        Files.writeString(dir.resolve("leaf.pem"), Pem.certificate(idevid));

        Openssl.Result result = Openssl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-text");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .containsPattern("othername: (hardwareModuleName|1\\.3\\.6\\.1\\.5\\.5\\.7\\.8\\.4)")
                .contains("1.3.6.1.5.5.7.1.32:")
                .contains("https://masa.acme.example/.well-known/brski")
                .contains("X509v3 CRL Distribution Points")
                .contains("URI:http://pki.hallmark.example:8080/crl/org.acme.idevid-ca.crl")
                .contains("OCSP - URI:http://pki.hallmark.example:8080/ocsp")
                .contains("Not After : Dec 31 23:59:59 9999 GMT")
                .contains("TLS Web Client Authentication")
                .contains("Digital Signature, Key Agreement");
    }

    private Openssl.Result verify(Purpose purpose, X509Certificate leaf) throws Exception {
        Files.writeString(dir.resolve("root.pem"), Pem.certificate(ca.root()));
        Files.writeString(dir.resolve("issuing.pem"), Pem.certificate(ca.issuer(purpose)));
        Files.writeString(dir.resolve("leaf.pem"), Pem.certificate(leaf));
        return Openssl.run(
                dir,
                "verify",
                "-x509_strict",
                "-purpose",
                "sslclient",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                "leaf.pem");
    }

    private static PublicKey deviceKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair().getPublic();
    }
}

package io.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCommandTest {
    @TempDir
    Path tmp;

    @Test
    void statusOfAnEmptyStateDirectoryIsNotEnrolled() {
        Cli.Result r =
                Cli.run("agent", "status", "--state", tmp.resolve("state").toString(), "--serial", "SN-1");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).contains("state: not enrolled", "serial: SN-1", "birth certificate: none");
    }

    @Test
    void enrollWithoutTheDevicePortIsAUsageError() {
        Cli.Result r = Cli.run("agent", "enroll", "--state", tmp.toString(), "--serial", "SN-1");

        assertThat(r.exitCode()).isEqualTo(CliException.USAGE);
        assertThat(r.err()).contains("--url and --ca");
    }

    @Test
    void enrollWithoutSecretOrBirthCertificateSaysWhatIsMissing() throws Exception {
        Path ca = java.nio.file.Files.writeString(tmp.resolve("ca.pem"), selfSignedPem());
        Cli.Result r = Cli.run(
                "agent",
                "enroll",
                "--state",
                tmp.resolve("state").toString(),
                "--url",
                "https://127.0.0.1:1",
                "--ca",
                ca.toString(),
                "--serial",
                "SN-1");

        assertThat(r.exitCode()).isEqualTo(CliException.USAGE);
        assertThat(r.err()).contains("idevid.pem");
    }

    @Test
    void renewBeforeEnrollmentIsAUsageError() throws Exception {
        Path ca = java.nio.file.Files.writeString(tmp.resolve("ca.pem"), selfSignedPem());
        Cli.Result r = Cli.run(
                "agent",
                "renew",
                "--state",
                tmp.resolve("state").toString(),
                "--url",
                "https://127.0.0.1:1",
                "--ca",
                ca.toString());

        assertThat(r.exitCode()).isEqualTo(CliException.USAGE);
        assertThat(r.err()).contains("not enrolled");
    }

    /** A throw-away CA certificate: the trust anchor file must hold one, though these runs never connect. */
    private static String selfSignedPem() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair keys = g.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=Test CA");
        java.time.Instant now = java.time.Instant.now();
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                name,
                java.math.BigInteger.ONE,
                java.util.Date.from(now.minusSeconds(3600)),
                java.util.Date.from(now.plusSeconds(86400)),
                name,
                keys.getPublic());
        var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                .build(keys.getPrivate());
        return io.hallmark.core.Pem.certificate(
                new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(signer)));
    }
}

package io.hallmark.server.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.hallmark.core.Pem;
import io.hallmark.server.identity.CertificateStatus;
import io.hallmark.server.identity.DeviceCertificate;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.pki.OrganizationCa;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeakKeyBlocklistTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    private static RSAPublicKey rsa(int bits) {
        return (RSAPublicKey) TestKeys.rsa(bits);
    }

    private static X509Certificate certificate(PublicKey key) {
        return TestCertificates.of(key, "SN-1", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(89)));
    }

    private WeakKeyBlocklist loadWith(String fileName, String content) throws IOException {
        Files.writeString(dir.resolve(fileName), content, StandardCharsets.US_ASCII);
        WeakKeyBlocklist.Loaded loaded = WeakKeyBlocklist.load(dir);
        assertThat(loaded.errors()).isEmpty();
        return loaded.blocklist();
    }

    @Test
    void theFingerprintIsTheEndOfTheSha1OfTheModulusLineOpensslPrints() throws Exception {
        RSAPublicKey key = rsa(2048);
        String line = "Modulus=" + key.getModulus().toString(16).toUpperCase(java.util.Locale.ROOT) + "\n";
        String sha1 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(line.getBytes(StandardCharsets.US_ASCII)));
        assertThat(WeakKeyBlocklist.fingerprint(key.getModulus())).hasSize(20).isEqualTo(sha1.substring(20));
    }

    @Test
    void theFingerprintAgreesWithOpensslX509Modulus() throws Exception {
        assumeThat(onPath("openssl")).as("openssl on PATH").isTrue();
        RSAPublicKey key = rsa(2048);
        Path pem = dir.resolve("device.pem");
        Files.writeString(pem, Pem.certificate(certificate(key)));
        Process p = new ProcessBuilder("openssl", "x509", "-noout", "-modulus", "-in", pem.toString())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        // openssl-vulnkey hashes the line as openssl prints it, newline included
        String sha1 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(out));
        assertThat(WeakKeyBlocklist.fingerprint(key.getModulus())).isEqualTo(sha1.substring(20));
    }

    @Test
    void aKeyWhoseFingerprintIsListedForItsSizeIsFoundAndAnotherIsNot() throws IOException {
        RSAPublicKey weak = rsa(2048);
        RSAPublicKey other = rsa(2048);
        WeakKeyBlocklist list = loadWith(
                "blacklist.RSA-2048",
                "# known-weak keys\n\n00005890bc78bcbee3ca\n" + WeakKeyBlocklist.fingerprint(weak.getModulus())
                        + "\n3c40bdd31f303df8e1c8\n");
        assertThat(list.size()).isEqualTo(3);
        assertThat(list.keySizes()).containsExactly(2048);
        assertThat(list.contains(weak.getModulus())).isTrue();
        assertThat(list.contains(other.getModulus())).isFalse();
    }

    @Test
    void aFingerprintCountsOnlyInTheFileOfItsKeySize() throws IOException {
        RSAPublicKey weak = rsa(2048);
        WeakKeyBlocklist list = loadWith("blacklist.RSA-4096", WeakKeyBlocklist.fingerprint(weak.getModulus()) + "\n");
        assertThat(list.contains(weak.getModulus())).isFalse();
    }

    @Test
    void otherFilesOfTheDirectoryAreSkipped() throws IOException {
        Files.writeString(dir.resolve("blacklist.DSA-1024"), "not read\n");
        Files.writeString(dir.resolve("README"), "not read either\n");
        WeakKeyBlocklist list = loadWith("blacklist.RSA-1024", "4817f3e0b5df319289ad\n");
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.keySizes()).containsExactly(1024);
    }

    @Test
    void malformedLinesAreReportedWithFileAndLineAndTheRestIsLoaded() throws IOException {
        RSAPublicKey weak = rsa(2048);
        Files.writeString(
                dir.resolve("blacklist.RSA-2048"),
                "# header\nnot-hex-at-all\n" + WeakKeyBlocklist.fingerprint(weak.getModulus())
                        + "\n00005890bc78bcbee3c\n00005890bc78bcbee3ca00\n\"quoted\"\r\n0000d80c186767f2473a\n");
        WeakKeyBlocklist.Loaded loaded = WeakKeyBlocklist.load(dir);
        assertThat(loaded.errors())
                .hasSize(4)
                .first()
                .asString()
                .isEqualTo("blacklist.RSA-2048 line 2: \"not-hex-at-all\" (expected: 20 hexadecimal digits, the end of"
                        + " the SHA-1 of the modulus line)");
        assertThat(loaded.errors())
                .extracting(e -> e.substring(0, e.indexOf(':')))
                .containsExactly(
                        "blacklist.RSA-2048 line 2",
                        "blacklist.RSA-2048 line 4",
                        "blacklist.RSA-2048 line 5",
                        "blacklist.RSA-2048 line 6");
        assertThat(loaded.errors().get(3)).contains("\"?quoted?\"");
        assertThat(loaded.blocklist().size()).isEqualTo(2);
        assertThat(loaded.blocklist().contains(weak.getModulus())).isTrue();
    }

    @Test
    void aDirectoryThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> WeakKeyBlocklist.load(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fleet-audit.weak-key-blocklist");
    }

    @Test
    void theDeviceKeyCheckFiresForAListedKeyAndStaysQuietForAnother() throws Exception {
        RSAPublicKey weak = rsa(2048);
        RSAPublicKey fine = rsa(2048);
        WeakKeyBlocklist list = loadWith("blacklist.RSA-2048", WeakKeyBlocklist.fingerprint(weak.getModulus()) + "\n");
        DeviceChecks checks = new DeviceChecks(FleetAuditSettings.defaults());

        List<Observation> out = new ArrayList<>();
        checks.debianWeak(
                DeviceChecksTest.device(DeviceState.ACTIVE),
                List.of(
                        stored(certificate(weak), 7, OrganizationCa.Purpose.LDEVID, CertificateStatus.GOOD),
                        stored(certificate(fine), 8, OrganizationCa.Purpose.IDEVID, CertificateStatus.GOOD)),
                list,
                out);
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.check()).isEqualTo(AuditCheck.DEVICE_KEY_DEBIAN_WEAK);
            assertThat(o.check().id()).isEqualTo("device.key.debian-weak");
            assertThat(o.resource().id()).isEqualTo("dev_1");
            assertThat(o.actual())
                    .isEqualTo("LDEVID certificate 7: RSA 2048 bits on the blocklist, entry "
                            + WeakKeyBlocklist.fingerprint(weak.getModulus()));
        });

        List<Observation> quiet = new ArrayList<>();
        checks.debianWeak(
                DeviceChecksTest.device(DeviceState.ACTIVE),
                List.of(
                        stored(certificate(fine), 9, OrganizationCa.Purpose.LDEVID, CertificateStatus.GOOD),
                        // a listed key whose certificate is revoked no longer identifies the device
                        stored(certificate(weak), 10, OrganizationCa.Purpose.LDEVID, CertificateStatus.REVOKED),
                        stored(
                                certificate(TestKeys.ec("secp256r1")),
                                11,
                                OrganizationCa.Purpose.IDEVID,
                                CertificateStatus.GOOD)),
                list,
                quiet);
        assertThat(quiet).isEmpty();
    }

    @Test
    void aListedBirthCertificateKeyIsAFindingToo() throws Exception {
        RSAPublicKey weak = rsa(2048);
        WeakKeyBlocklist list = loadWith("blacklist.RSA-2048", WeakKeyBlocklist.fingerprint(weak.getModulus()) + "\n");
        List<Observation> out = new ArrayList<>();
        new DeviceChecks(FleetAuditSettings.defaults())
                .debianWeak(
                        DeviceChecksTest.device(DeviceState.ACTIVE),
                        List.of(stored(certificate(weak), 5, OrganizationCa.Purpose.IDEVID, CertificateStatus.GOOD)),
                        list,
                        out);
        assertThat(out).singleElement().satisfies(o -> assertThat(o.actual()).startsWith("IDEVID certificate 5"));
    }

    private static DeviceCertificate stored(
            X509Certificate certificate, long serial, OrganizationCa.Purpose purpose, CertificateStatus status)
            throws Exception {
        return new DeviceCertificate(
                "org.owner.ldevid-ca",
                BigInteger.valueOf(serial),
                "dev_1",
                "owner",
                purpose,
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(89)),
                status,
                Optional.empty(),
                Optional.empty(),
                "00".repeat(32),
                certificate.getEncoded());
    }

    @Test
    void theCaKeyCheckFiresForAListedCaKeyAndStaysQuietForOthers() throws IOException {
        RSAPublicKey weak = rsa(2048);
        WeakKeyBlocklist list = loadWith("blacklist.RSA-2048", WeakKeyBlocklist.fingerprint(weak.getModulus()) + "\n");
        OrganizationChecks checks = new OrganizationChecks(FleetAuditSettings.defaults());
        List<Observation> out = checks.caKeys(
                Map.of(
                        "org.acme.root", certificate(TestKeys.ec("secp256r1")),
                        "org.acme.ldevid-ca", certificate(weak),
                        "org.acme.idevid-ca", certificate(rsa(2048))),
                list);
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.check()).isEqualTo(AuditCheck.CA_KEY_DEBIAN_WEAK);
            assertThat(o.resource().type()).isEqualTo("ca");
            assertThat(o.resource().id()).isEqualTo("org.acme.ldevid-ca");
        });
        assertThat(checks.caKeys(Map.of("org.acme.ldevid-ca", certificate(weak)), WeakKeyBlocklist.EMPTY))
                .isEmpty();
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}

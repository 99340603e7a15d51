package io.hallmark.protocol.attestation;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A device with a key and a certificate naming its serial, and evidence it makes; shared by the attestation tests. */
final class AttestationFixtures {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String NONCE = "bm9uY2Utbm9uY2Utbm9uY2U"; // 17 bytes
    static final Map<String, byte[]> FIRMWARE = Map.of(
            "bootloader", digest("bootloader 1.0"),
            "kernel", digest("kernel 6.1"),
            "application", digest("app 2.3"));

    final String serial;
    final KeyPair key;
    final X509Certificate certificate;

    AttestationFixtures(String serial) {
        this(serial, "secp256r1");
    }

    AttestationFixtures(String serial, String curve) {
        this.serial = serial;
        this.key = ecKey(curve);
        this.certificate = certificate(serial, key, curve.equals("secp384r1") ? "SHA384withECDSA" : "SHA256withECDSA");
    }

    static KeyPair ecKey(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(String serial, KeyPair key, String sigAlg) {
        try {
            X500Name name = new X500Name("CN=" + serial + ",SERIALNUMBER=" + serial);
            var b = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(serial.hashCode() & 0x7fffffff).add(BigInteger.ONE),
                    Date.from(NOW.minus(Duration.ofDays(1))),
                    Date.from(NOW.plus(Duration.ofDays(365))),
                    name,
                    key.getPublic());
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(sigAlg).build(key.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] digest(String content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content.getBytes());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Set<String>> reference() {
        return Map.of(
                "bootloader", Set.of("sha-256:" + HexFormat.of().formatHex(FIRMWARE.get("bootloader"))),
                "kernel", Set.of("sha-256:" + HexFormat.of().formatHex(FIRMWARE.get("kernel"))),
                "application", Set.of("sha-256:" + HexFormat.of().formatHex(FIRMWARE.get("application"))));
    }

    EvidenceWriter.Claims claims() {
        return new EvidenceWriter.Claims(
                NONCE,
                serial,
                Optional.of("THERMO-1"),
                "thermo-os",
                "2.3",
                DebugStatus.DISABLED_PERMANENTLY,
                true,
                List.of(
                        new Measurement("bootloader", "sha-256", FIRMWARE.get("bootloader")),
                        new Measurement("kernel", "sha-256", FIRMWARE.get("kernel")),
                        new Measurement("application", "sha-256", FIRMWARE.get("application"))),
                NOW.minusSeconds(5).getEpochSecond());
    }

    String token(EvidenceWriter.Claims claims) {
        return EvidenceWriter.sign(EvidenceWriter.claims(claims), key.getPrivate(), certificate);
    }

    Appraiser.Facts facts() {
        return new Appraiser.Facts(
                serial,
                List.of(new Appraiser.DeviceKey(certificate, true, false)),
                Optional.of(new Appraiser.IssuedNonce(serial, NOW.minusSeconds(10), false)),
                reference(),
                Optional.of("THERMO-1"),
                true,
                NOW);
    }

    /** The shared test vectors: {@code HALLMARK_TEST_VECTORS}, else {@code shared/test-vectors} beside an ancestor. */
    static Optional<Path> vectors(String relative) {
        String env = System.getProperty("hallmark.test.vectors", System.getenv("HALLMARK_TEST_VECTORS"));
        if (env != null) {
            Path p = Path.of(env).resolve(relative);
            return Files.isReadable(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolveSibling("shared").resolve("test-vectors").resolve(relative);
            if (Files.isReadable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

package io.hallmark.bench;

import io.hallmark.protocol.attestation.Appraiser;
import io.hallmark.protocol.attestation.DebugStatus;
import io.hallmark.protocol.attestation.EvidenceWriter;
import io.hallmark.protocol.attestation.Measurement;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appraisals per second per core ({@code docs/protocol/attestation.md}: parse, key binding, signature, nonce, iat,
 * ueid, debug, three measurements against reference values) next to the raw ES256 verification of the same token's
 * signature with BouncyCastle's lightweight ECDSA (what the appraiser uses) and with the JDK's SunEC, in one run. One
 * thread: the figure is per core. The nonce service, the store and the EAR signature are not in it.
 *
 * <pre>java -cp "$CP" org.openjdk.jmh.Main Appraisal</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class AppraisalBenchmark {
    private static final String SERIAL = "BENCH-0001";

    private final Appraiser appraiser = new Appraiser(Appraiser.Policy.DEFAULT);
    private String token;
    private Appraiser.Facts facts;
    private ECPublicKey key;
    private byte[] signingInput;
    private byte[] signature;

    /** Makes a device key, its certificate, one token and the facts to appraise it with. */
    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair device = g.generateKeyPair();
        key = (ECPublicKey) device.getPublic();
        Instant now = Instant.now();
        X509Certificate cert = certificate(device, now);
        Map<String, Set<String>> reference = new LinkedHashMap<>();
        List<Measurement> measured = new java.util.ArrayList<>();
        for (String component : List.of("bootloader", "kernel", "application")) {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(component.getBytes(StandardCharsets.UTF_8));
            measured.add(new Measurement(component, "sha-256", d));
            reference.put(component, Set.of("sha-256:" + HexFormat.of().formatHex(d)));
        }
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        token = EvidenceWriter.sign(
                EvidenceWriter.claims(new EvidenceWriter.Claims(
                        nonce,
                        SERIAL,
                        Optional.of("BENCH-1"),
                        "bench-os",
                        "1.0",
                        DebugStatus.DISABLED_PERMANENTLY,
                        true,
                        measured,
                        now.getEpochSecond())),
                device.getPrivate(),
                cert);
        facts = new Appraiser.Facts(
                SERIAL,
                List.of(new Appraiser.DeviceKey(cert, true, false)),
                Optional.of(new Appraiser.IssuedNonce(SERIAL, now, false)),
                reference,
                Optional.of("BENCH-1"),
                true,
                now);
        int dot = token.lastIndexOf('.');
        signingInput = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
        signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    }

    private static X509Certificate certificate(KeyPair key, Instant now) throws Exception {
        X500Name name = new X500Name("CN=" + SERIAL + ",SERIALNUMBER=" + SERIAL);
        return new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.ONE,
                                Date.from(now.minus(Duration.ofDays(1))),
                                Date.from(now.plus(Duration.ofDays(1))),
                                name,
                                key.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    /** The whole appraisal of the token. */
    @Benchmark
    public Appraiser.Appraisal appraise() {
        return appraiser.appraise(token, facts);
    }

    /** Reference: BouncyCastle's lightweight ECDSA verify of the same signature (hash included). */
    @Benchmark
    public boolean rawBouncyCastleVerify() throws Exception {
        ECPublicKeyParameters params = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key);
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, params);
        return signer.verifySignature(
                MessageDigest.getInstance("SHA-256").digest(signingInput),
                new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
    }

    /** Reference: the JDK's SunEC verify of the same signature. */
    @Benchmark
    public boolean rawJdkVerify() throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(key);
        s.update(signingInput);
        return s.verify(signature);
    }
}

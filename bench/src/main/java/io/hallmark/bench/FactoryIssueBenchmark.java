package io.hallmark.bench;

import io.hallmark.server.identity.CsrVerifier;
import io.hallmark.server.identity.FactoryService;
import io.hallmark.server.pki.OrganizationCa;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Factory issuance of birth certificates (IDevID) from CSRs, certificates per second, against the bare BouncyCastle
 * sign-and-encode loop of the same profile.
 *
 * <p>The measured path is {@link FactoryService#issue} as the REST route calls it, on the services of a {@link
 * ScratchPlatform} (H2, PKCS#12 vault behind the audited vault): every CSR's proof of possession checked, each
 * certificate signed by the manufacturer's IDevID CA in the vault, the batch stored in one transaction with its
 * devices, certificates, events and audit entries. CSRs are made in advance (a pool of P-256 keys; each request
 * names a new serial, so every device is new). The references: {@link RawIssuer} with BouncyCastle, and, for
 * comparison, with the JDK's SunEC; and the CSR check alone, to see its share. One operation is one certificate
 * ({@value #BATCH} per invocation).
 *
 * <p>Run: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) org.openjdk.jmh.Main
 * FactoryIssue}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class FactoryIssueBenchmark {
    /** Requests per factory batch (the CLI's default batch is of this order). */
    static final int BATCH = 100;
    /** Distinct device keys and CSRs in the pool. */
    static final int POOL = 256;

    private ScratchPlatform platform;
    private ScratchPlatform.Manufacturer maker;
    private final List<byte[]> csrs = new ArrayList<>();
    private final List<PublicKey> keys = new ArrayList<>();
    private final AtomicLong serials = new AtomicLong();

    /** Wires the platform, makes the manufacturer and its product, and the CSR pool. */
    @Setup(Level.Trial)
    public void open() {
        platform = ScratchPlatform.create();
        maker = platform.manufacturer("Bench Devices", "bench-200");
        for (int i = 0; i < POOL; i++) {
            KeyPair pair = p256();
            keys.add(pair.getPublic());
            csrs.add(csr(pair, "CN=bench device"));
        }
    }

    /** Closes the database and removes it and the vault. */
    @TearDown(Level.Trial)
    public void close() {
        platform.close();
    }

    /** The raw loops of one thread (the extension helper of BouncyCastle is not safe for concurrent use). */
    @State(Scope.Thread)
    public static class Raw {
        RawIssuer bouncyCastle;
        RawIssuer sunEc;

        /** Issuers named like the manufacturer's IDevID CA. */
        @Setup(Level.Trial)
        public void open(FactoryIssueBenchmark bench) {
            OrganizationCa ca = bench.maker.ca();
            String alias = ca.issuerAlias(OrganizationCa.Purpose.IDEVID);
            bouncyCastle = new RawIssuer(ca.issuer(OrganizationCa.Purpose.IDEVID), alias, RawIssuer.BOUNCY_CASTLE);
            sunEc = new RawIssuer(ca.issuer(OrganizationCa.Purpose.IDEVID), alias, null);
        }
    }

    /** Hallmark's factory issuance, one batch, two threads. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public List<FactoryService.Issued> factoryIssue() {
        return issueBatch(BATCH);
    }

    /** Hallmark's factory issuance, one batch, one thread. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public List<FactoryService.Issued> factoryIssueThreads1() {
        return issueBatch(BATCH);
    }

    /** The reference: BouncyCastle signs and encodes as many certificates, two threads. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public int rawBouncyCastle(Raw raw) {
        return rawBatch(raw.bouncyCastle, BATCH);
    }

    /** The reference, one thread. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public int rawBouncyCastleThreads1(Raw raw) {
        return rawBatch(raw.bouncyCastle, BATCH);
    }

    /** For comparison: the same loop signing with the JDK's SunEC, two threads. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public int rawSunEc(Raw raw) {
        return rawBatch(raw.sunEc, BATCH);
    }

    /** Where the time goes: only the CSR checks of a batch, two threads. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public int csrVerify() {
        int n = 0;
        long first = serials.getAndAdd(BATCH);
        for (int i = 0; i < BATCH; i++) {
            n += CsrVerifier.verify(csrs.get((int) ((first + i) % POOL))).der().length;
        }
        return n;
    }

    /** Where the time goes: only the signature check of a CSR, with BouncyCastle, two threads. */
    @Benchmark
    @Threads(2)
    public boolean csrSignatureBouncyCastle() throws Exception {
        return verifySignature(RawIssuer.BOUNCY_CASTLE);
    }

    /** Where the time goes: only the signature check of a CSR, with the JDK's SunEC, two threads. */
    @Benchmark
    @Threads(2)
    public boolean csrSignatureSunEc() throws Exception {
        return verifySignature(null);
    }

    boolean verifySignature(java.security.Provider provider) throws Exception {
        int i = (int) (serials.getAndIncrement() % POOL);
        JcaContentVerifierProviderBuilder builder = new JcaContentVerifierProviderBuilder();
        if (provider != null) {
            builder.setProvider(provider);
        }
        return new PKCS10CertificationRequest(csrs.get(i)).isSignatureValid(builder.build(keys.get(i)));
    }

    List<FactoryService.Issued> issueBatch(int size) {
        long first = serials.getAndAdd(size);
        List<FactoryService.Request> requests = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            requests.add(new FactoryService.Request(
                    csrs.get((int) ((first + i) % POOL)), Optional.of("SN-F" + (first + i))));
        }
        return platform.identity()
                .factory()
                .issue(maker.admin(), null, maker.product().model(), requests);
    }

    int rawBatch(RawIssuer issuer, int size) {
        long first = serials.getAndAdd(size);
        URI masa = URI.create("https://127.0.0.1:8443");
        int bytes = 0;
        for (int i = 0; i < size; i++) {
            bytes += issuer.idevid(
                            keys.get((int) ((first + i) % POOL)),
                            "SN-R" + (first + i),
                            maker.product().hardwareType(),
                            masa)
                    .length;
        }
        return bytes;
    }

    ScratchPlatform platform() {
        return platform;
    }

    static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 in this JVM", e);
        }
    }

    /** A PKCS#10 request (DER) for {@code pair} with {@code subject}, signed SHA256withECDSA as devices sign. */
    static byte[] csr(KeyPair pair, String subject) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA")
                            .setProvider(RawIssuer.BOUNCY_CASTLE)
                            .build(pair.getPrivate()))
                    .getEncoded();
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("a CSR cannot be made", e);
        }
    }
}

package io.hallmark.bench;

import io.hallmark.server.pki.CaDirectory;
import io.hallmark.server.pki.CertificateStatus;
import io.hallmark.server.pki.CertificateStatusSource;
import io.hallmark.server.pki.OcspResponder;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.RevokedCertificate;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCSP responses per second for a fleet of {@link #fleet} certificates of one issuing CA, from Hallmark's {@link
 * OcspResponder}.
 *
 * <p>The status source is a fake computing each status from the serial (1 in 100 revoked for key compromise, 1 in
 * 100 held, the rest good), so the figure is the responder's, not a database's. The responder's cache is sized for
 * the whole fleet, and the setup fills it by asking once for every certificate (two threads), as a fleet that checks
 * its peers would. Then:
 *
 * <ul>
 *   <li>{@code cached}: a request without nonce for a random certificate of the fleet (requests pre-built, SHA-1
 *       CertIDs as openssl sends them): served from the cache;
 *   <li>{@code nonce}: a request with a fresh-looking nonce (a pool of pre-built ones): parsed, read from the source
 *       and signed each time (RFC 6960 §4.4.1), with the CA key in the PKCS#12 vault;
 *   <li>{@code nonceAudited}: the same through the {@code AuditedKeyVault} the server wires, which writes an audit
 *       entry per signature to H2.
 * </ul>
 *
 * <p>The setup logs the heap the filled cache takes (used heap after a full GC, before and after the fill). A
 * million cached responses need about 1 GB, so the fork runs with {@code -Xmx3g}.
 *
 * <p>Run: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) org.openjdk.jmh.Main Ocsp}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class OcspBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(OcspBenchmark.class);
    private static final int NONCE_POOL = 1024;
    private static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");

    /** How many certificates the CA has issued; serials run from 1 to this. */
    @Param({"1000000"})
    public int fleet;

    private ScratchPlatform platform;
    private OcspResponder responder;
    private OcspResponder audited;
    private CertificateID template;
    private byte[][] nonceRequests;

    /** A status for every serial, without I/O. */
    static final class FleetStatus implements CertificateStatusSource {
        private final String alias;
        private final int fleet;

        FleetStatus(String alias, int fleet) {
            this.alias = alias;
            this.fleet = fleet;
        }

        @Override
        public CertificateStatus status(String caAlias, BigInteger serial) {
            if (!alias.equals(caAlias) || serial.signum() <= 0 || serial.bitLength() > 31) {
                return CertificateStatus.UNKNOWN;
            }
            int n = serial.intValue();
            if (n > fleet) {
                return CertificateStatus.UNKNOWN;
            }
            return switch (n % 100) {
                case 0 -> CertificateStatus.revoked(SINCE, CertificateStatus.Reason.KEY_COMPROMISE);
                case 1 -> CertificateStatus.held(SINCE);
                default -> CertificateStatus.GOOD;
            };
        }

        @Override
        public List<RevokedCertificate> revoked(String caAlias) {
            return List.of();
        }
    }

    /** Makes the CA, the responders and the nonce requests. */
    @Setup(Level.Trial)
    public void open() throws Exception {
        platform = ScratchPlatform.create();
        OrganizationCa ca = platform.manufacturer("Fleet Devices", "fleet-1").ca();
        String alias = ca.issuerAlias(OrganizationCa.Purpose.IDEVID);
        X509Certificate issuer = ca.issuer(OrganizationCa.Purpose.IDEVID);
        CaDirectory directory = new CaDirectory().register(ca);
        FleetStatus source = new FleetStatus(alias, fleet);
        OcspResponder.Settings settings = new OcspResponder.Settings(Duration.ofHours(1), fleet);
        responder = new OcspResponder(platform.rawVault(), directory, source, Clock.systemUTC(), settings);
        audited = new OcspResponder(platform.vault(), directory, source, Clock.systemUTC(), settings);

        template = template(issuer);
        nonceRequests = new byte[NONCE_POOL][];
        for (int i = 0; i < NONCE_POOL; i++) {
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            nonceRequests[i] = request(template, BigInteger.valueOf(1L + (i * 977L) % fleet), nonce);
        }
    }

    /**
     * The fleet's pre-built requests and the filled cache: only {@link OcspBenchmark#cached} needs them, so the nonce benchmarks
     * do not wait for the fill.
     */
    @State(Scope.Benchmark)
    public static class Fleet {
        byte[][] requests;

        /** Builds a request for every certificate, then asks once for each, and logs the heap both take. */
        @Setup(Level.Trial)
        public void fill(OcspBenchmark bench) throws Exception {
            int fleet = bench.fleet;
            long empty = usedHeapAfterGc();
            requests = new byte[fleet][];
            for (int i = 0; i < fleet; i++) {
                requests[i] = request(bench.template, BigInteger.valueOf(i + 1L), null);
            }
            long before = usedHeapAfterGc();
            long started = System.nanoTime();
            bench.fill(requests);
            double seconds = (System.nanoTime() - started) / 1e9;
            long after = usedHeapAfterGc();
            LOG.info(String.format(
                    Locale.ROOT,
                    "ocsp: %,d requests take %,d MB; filled the cache with %,d responses in %.1f s (%,.0f signed/s);"
                            + " heap used %,d MB before the fill, %,d MB after: %,d bytes per cached response;"
                            + " max heap %,d MB",
                    fleet,
                    (before - empty) >> 20,
                    fleet,
                    seconds,
                    fleet / seconds,
                    before >> 20,
                    after >> 20,
                    (after - before) / fleet,
                    Runtime.getRuntime().maxMemory() >> 20));
        }

        /** The pre-built request for the certificate with serial {@code n} (1-based), for the smoke test. */
        byte[] requestFor(int n) {
            return requests[n - 1].clone();
        }
    }

    /** Closes the database and removes it and the vault. */
    @TearDown(Level.Trial)
    public void close() {
        platform.close();
    }

    /** A cached response for a random certificate of the fleet, two threads. */
    @Benchmark
    @Threads(2)
    public byte[] cached(Fleet all) {
        return responder.respond(all.requests[ThreadLocalRandom.current().nextInt(fleet)]);
    }

    /** A response to a request with a nonce, signed each time, two threads. */
    @Benchmark
    @Threads(2)
    public byte[] nonce() {
        return responder.respond(nonceRequests[ThreadLocalRandom.current().nextInt(NONCE_POOL)]);
    }

    /** The same through the audited vault, as the server signs: one audit entry per response. */
    @Benchmark
    @Threads(2)
    public byte[] nonceAudited() {
        return audited.respond(nonceRequests[ThreadLocalRandom.current().nextInt(NONCE_POOL)]);
    }

    /** Asks once for every certificate, with two threads. */
    void fill(byte[][] requests) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done =
                    List.of(pool.submit(() -> fillFrom(requests, next)), pool.submit(() -> fillFrom(requests, next)));
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private void fillFrom(byte[][] requests, AtomicInteger next) {
        for (int i = next.getAndIncrement(); i < requests.length; i = next.getAndIncrement()) {
            responder.respond(requests[i]);
        }
    }

    /** The responder of the unaudited vault, for the smoke test. */
    OcspResponder responder() {
        return responder;
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** A CertID template for {@code issuer} with SHA-1 name and key hashes, as openssl sends them. */
    static CertificateID template(X509Certificate issuer)
            throws OCSPException, CertificateEncodingException, OperatorCreationException {
        DigestCalculator sha1 = new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1);
        return new CertificateID(sha1, new JcaX509CertificateHolder(issuer), BigInteger.ONE);
    }

    /** The DER OCSPRequest for the certificate {@code serial} of the template's issuer, with {@code nonce}. */
    static byte[] request(CertificateID template, BigInteger serial, byte[] nonce) throws OCSPException, IOException {
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(CertificateID.deriveCertificateID(template, serial));
        if (nonce != null) {
            builder.setRequestExtensions(new Extensions(new Extension(
                    OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce).getEncoded())));
        }
        return builder.build().getEncoded();
    }
}

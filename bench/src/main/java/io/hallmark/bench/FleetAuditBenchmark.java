package io.hallmark.bench;

import io.hallmark.server.access.Guard;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.fleetaudit.AuditRun;
import io.hallmark.server.fleetaudit.FleetAuditService;
import io.hallmark.server.fleetaudit.FleetAuditSettings;
import io.hallmark.server.pki.DeviceProfile;
import io.hallmark.server.pki.OrganizationCa;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full fleet audit of one organization ({@code FleetAuditService.runAll}) over a synthetic fleet inserted directly
 * into a fresh H2 store: {@code devices} active devices, each with a real LDevID certificate of the owner's CA (a pool
 * of 256 keys, so the certificate bytes repeat but each row is its own), 1 % of them expiring within 30 days and 0.2 %
 * with an RSA-1024 key, so the run also writes findings. One operation is one whole audit (single shot); the first
 * run opens the findings, later ones find them again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
        value = 1,
        jvmArgs = {"-Xms2g", "-Xmx2g"})
public class FleetAuditBenchmark {
    private static final int POOL = 256;

    /** How many devices the fleet has. */
    @Param("1000000")
    public int devices;

    private ScratchPlatform platform;
    private FleetAuditService service;
    private Organization owner;

    /** The platform, an owner with its CAs, and the fleet. */
    @Setup(Level.Trial)
    public void fleet() throws SQLException {
        platform = ScratchPlatform.create();
        owner = platform.access().createOrganization(platform.admin(), "Fleet Owner", Set.of(OrgKind.OWNER));
        OrganizationCa ca = platform.cas().ensure(owner).orElseThrow();
        insertFleet(ca, devices, Instant.now());
        Clock clock = Clock.systemUTC();
        AuditLog audit = new AuditLog(clock);
        service = new FleetAuditService(
                platform.scratch().database(),
                audit,
                new Guard(platform.scratch().database(), audit),
                platform.access(),
                platform.cas(),
                id -> Optional.empty(),
                FleetAuditSettings.defaults(),
                clock);
    }

    /** Removes the database and the vault. */
    @TearDown(Level.Trial)
    public void close() {
        if (platform != null) {
            platform.close();
        }
    }

    /** One full audit of every organization; returns the devices audited. */
    @Benchmark
    public long audit() {
        return service.runAll().stream().mapToLong(AuditRun::devices).sum();
    }

    /** The run of the owner organization (for the smoke test). */
    AuditRun auditOwner() {
        return service.runAll().stream()
                .filter(r -> r.orgId().equals(owner.id()))
                .findFirst()
                .orElseThrow();
    }

    /** Inserts {@code count} active devices with one LDevID certificate each, in batches of 5,000 per commit. */
    private void insertFleet(OrganizationCa ca, int count, Instant now) throws SQLException {
        String alias = ca.issuerAlias(OrganizationCa.Purpose.LDEVID);
        byte[][] good = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            good[i] = der(ca.issue(
                    key("EC", 256),
                    DeviceProfile.ldevid("POOL-" + i, "pool " + i).build()));
        }
        // the CAs refuse RSA-1024, so the weak key comes in a self-signed certificate, as an imported record would
        byte[] weak = selfSigned(key("RSA", 1024));
        // active for ten minutes: within the owner's attestation interval (one hour), so no device is stale yet
        long created = now.minus(Duration.ofMinutes(10)).toEpochMilli();
        try (Connection c = platform.scratch().database().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement d = c.prepareStatement("INSERT INTO devices (id, serial, namespace, manufacturer_id,"
                            + " product_id, owner_id, state, approved, enrollment_requested_at, created_at, updated_at)"
                            + " VALUES (?, ?, ?, NULL, NULL, ?, 'ACTIVE', TRUE, NULL, ?, ?)");
                    PreparedStatement k = c.prepareStatement("INSERT INTO device_certificates (ca_alias, serial_hex,"
                            + " device_id, org_id, purpose, not_before, not_after, status, status_at, reason, sha256,"
                            + " der) VALUES (?, ?, ?, ?, 'LDEVID', ?, ?, 'GOOD', NULL, NULL, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    String id = String.format("dev_bench%011d", i);
                    d.setString(1, id);
                    d.setString(2, String.format("SN-%09d", i));
                    d.setString(3, owner.id());
                    d.setString(4, owner.id());
                    d.setLong(5, created);
                    d.setLong(6, created);
                    d.addBatch();
                    boolean expiring = i % 100 == 7;
                    k.setString(1, alias);
                    k.setString(2, Long.toHexString(0x1000000000L + i));
                    k.setString(3, id);
                    k.setString(4, owner.id());
                    k.setLong(5, created);
                    k.setLong(6, now.plus(Duration.ofDays(expiring ? 5 : 80)).toEpochMilli());
                    k.setString(7, String.format("%064x", i));
                    k.setBytes(8, i % 500 == 3 ? weak : good[i % POOL]);
                    k.addBatch();
                    if (i % 5_000 == 4_999 || i == count - 1) {
                        d.executeBatch();
                        k.executeBatch();
                        c.commit();
                    }
                }
            }
        }
    }

    private static PublicKey key(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            g.initialize(bits);
            return g.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] selfSigned(PublicKey subject) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            java.security.KeyPair signer = g.generateKeyPair();
            Instant now = Instant.now();
            return new JcaX509v3CertificateBuilder(
                            new X500Name("CN=imported"),
                            BigInteger.ONE,
                            Date.from(now),
                            Date.from(now.plus(Duration.ofDays(90))),
                            new X500Name("CN=weak"),
                            subject)
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()))
                    .getEncoded();
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

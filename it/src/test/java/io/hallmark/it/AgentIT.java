package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.agent.Agent;
import io.hallmark.agent.AgentStatus;
import io.hallmark.agent.EstException;
import io.hallmark.core.Pem;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.FakeClock;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java device agent against a real server: enrollment with a one-time secret, renewal with a new key over mutual
 * TLS, waiting for an operator's approval, and a quarantined device that cannot renew and keeps its identity.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentIT {
    private TestServer server;
    private Actor ownerAdmin;
    private Path platformCa;
    private URI devicePort;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        server = TestServer.givenServer(Store.H2);
        String owner = server.givenOrganization("Northwind Facilities", "owner");
        ownerAdmin = server.givenUser(owner, "admin");
        platformCa = server.dataDir().resolve("trust/platform-ca.pem");
        devicePort =
                URI.create("https://127.0.0.1:" + server.server().devicePort().orElseThrow());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void agentEnrollsWithOneTimeSecretThenRenewsWithANewKeyWhenDue() throws Exception {
        String secret = givenDevice(ownerAdmin, "AG-1001");
        FakeClock clock = FakeClock.atNow();
        Path state = tmp.resolve("ag1001");
        Agent agent = agent(state, "AG-1001", clock).build();

        AgentStatus enrolled = agent.enroll(secret);

        assertThat(enrolled.state()).isEqualTo(AgentStatus.State.ENROLLED);
        assertThat(enrolled.chainPresent()).isTrue();
        assertThat(device(ownerAdmin, "AG-1001").at("/device/state").asText()).isEqualTo("active");
        X509Certificate first = certificates(state.resolve("cert.pem")).get(0);
        assertThat(first.getSubjectX500Principal().getName()).contains("AG-1001");
        verifies(first, certificates(state.resolve("chain.pem")));
        String firstKey = Files.readString(state.resolve("key.pem"));
        assertThat(Files.getPosixFilePermissions(state.resolve("key.pem")))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

        assertThat(agent.renewIfDue()).as("a fresh certificate is not due").isFalse();
        clock.advance(Duration.ofDays(61));
        assertThat(agent.renewIfDue()).as("two thirds of 90 days have passed").isTrue();

        X509Certificate renewed = certificates(state.resolve("cert.pem")).get(0);
        assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(Files.readString(state.resolve("key.pem"))).isNotEqualTo(firstKey);
        verifies(renewed, certificates(state.resolve("chain.pem")));
        JsonNode detail = device(ownerAdmin, "AG-1001");
        assertThat(detail.get("certificates")).hasSize(2);
        assertThat(detail.at("/device/state").asText()).isEqualTo("active");
    }

    @Test
    void usedSecretIsRefusedAndLeavesNoIdentity() {
        String secret = givenDevice(ownerAdmin, "AG-2002");
        agent(tmp.resolve("ag2002"), "AG-2002", FakeClock.atNow()).build().enroll(secret);
        Agent second =
                agent(tmp.resolve("ag2002-again"), "AG-2002", FakeClock.atNow()).build();

        EstException e = catchThrowableOfType(EstException.class, () -> second.enroll(secret));

        assertThat(e.reason()).isEqualTo(EstException.Reason.UNAUTHORIZED);
        assertThat(e.status()).hasValue(401);
        assertThat(e.getMessage()).doesNotContain(secret);
        assertThat(second.status().state()).isEqualTo(AgentStatus.State.NOT_ENROLLED);
    }

    @Test
    void approvalPolicyMakesTheAgentWaitUntilAnOperatorApproves() {
        String careful = server.givenOrganization("Careful Owners", "owner");
        Actor admin = server.givenUser(careful, "admin");
        Api.Response policy = server.api()
                .send(
                        "PUT",
                        "/api/v1/organizations/" + careful + "/enrollment-policy",
                        admin.token(),
                        Map.of("activation", "approval"),
                        "application/json");
        assertThat(policy.status()).as("%s", policy).isEqualTo(200);
        String secret = givenDevice(admin, "AG-3003");
        List<Duration> waits = new ArrayList<>();
        Agent agent = agent(tmp.resolve("ag3003"), "AG-3003", FakeClock.atNow())
                .label(careful)
                .sleeper(wait -> {
                    waits.add(wait);
                    assertThat(device(admin, "AG-3003").at("/device/state").asText())
                            .isEqualTo("owned");
                    Api.Response approved =
                            server.api().post("/api/v1/devices/AG-3003/approve", admin.token(), Map.of("reason", "x"));
                    assertThat(approved.status()).as("%s", approved).isEqualTo(200);
                })
                .build();

        AgentStatus status = agent.enroll(secret);

        assertThat(waits).containsExactly(Duration.ofSeconds(30));
        assertThat(status.state()).isEqualTo(AgentStatus.State.ENROLLED);
        assertThat(device(admin, "AG-3003").at("/device/state").asText()).isEqualTo("active");
    }

    @Test
    void quarantinedDeviceCannotRenewAndKeepsItsIdentityFiles() throws IOException {
        String secret = givenDevice(ownerAdmin, "AG-4004");
        FakeClock clock = FakeClock.atNow();
        Path state = tmp.resolve("ag4004");
        Agent agent = agent(state, "AG-4004", clock).build();
        agent.enroll(secret);
        Map<String, String> before = contents(state, "key.pem", "cert.pem", "chain.pem");
        Api.Response q = server.api()
                .post("/api/v1/devices/AG-4004/quarantine", ownerAdmin.token(), Map.of("reason", "beaconing"));
        assertThat(q.status()).as("%s", q).isEqualTo(200);
        clock.advance(Duration.ofDays(61));

        EstException e = catchThrowableOfType(EstException.class, agent::renewIfDue);

        // the device port refuses a held certificate in the TLS handshake (docs/identity.md)
        assertThat(e.reason()).isEqualTo(EstException.Reason.TLS);
        assertThat(e.getMessage()).contains("simplereenroll", "held (quarantined)");
        assertThat(contents(state, "key.pem", "cert.pem", "chain.pem")).isEqualTo(before);
        assertThat(agent.status().state()).isEqualTo(AgentStatus.State.RENEWAL_DUE);
        assertThat(device(ownerAdmin, "AG-4004").get("certificates")).hasSize(1);
    }

    @Test
    void cliEnrollsRenewsAndReportsAndExitsNonZeroOnceQuarantined() throws IOException {
        String secret = givenDevice(ownerAdmin, "AG-5005");
        Path secretFile = Files.writeString(tmp.resolve("ag5005.secret"), secret + "\n");
        String state = tmp.resolve("ag5005").toString();
        String[] where = {"--state", state, "--url", devicePort.toString(), "--ca", platformCa.toString()};

        CliRun enroll = cli(where, "enroll", "--serial", "AG-5005", "--secret-file", secretFile.toString());
        assertThat(enroll.exitCode()).as("%s", enroll).isZero();
        assertThat(enroll.out()).contains("enrolled", "serial: AG-5005", "owner chain: present");
        assertThat(enroll.out() + enroll.err()).doesNotContain(secret);

        CliRun notDue = cli(where, "renew");
        assertThat(notDue.exitCode()).as("%s", notDue).isZero();
        assertThat(notDue.out()).startsWith("not due");
        CliRun forced = cli(where, "renew", "--force");
        assertThat(forced.exitCode()).as("%s", forced).isZero();
        assertThat(forced.out()).startsWith("renewed");
        assertThat(device(ownerAdmin, "AG-5005").get("certificates")).hasSize(2);

        server.api().post("/api/v1/devices/AG-5005/quarantine", ownerAdmin.token(), Map.of("reason", "scan"));
        CliRun refused = cli(where, "renew", "--force");
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
        assertThat(refused.err()).startsWith("hallmark: EST simplereenroll").contains("held");

        CliRun status = cli(new String[] {"--state", state}, "status");
        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.out()).contains("state: enrolled", "serial: AG-5005");
    }

    @Test
    void birthCertificateOfADeviceNotYetOwnedIsRefusedWithTheReason() throws Exception {
        String maker = server.givenOrganization("Acme Devices", "manufacturer");
        Actor makerAdmin = server.givenUser(maker, "admin");
        ReleaseFixtures.product(server.api(), makerAdmin.token(), "cam-300", "Camera 300");
        KeyPair birthKey = p256();
        Api.Response issued = server.api()
                .post(
                        "/api/v1/factory/issue",
                        makerAdmin.token(),
                        Map.of("product", "cam-300", "requests", List.of(Map.of("csr", csrPem(birthKey, "AG-6006")))));
        assertThat(issued.status()).as("%s", issued).isEqualTo(201);
        Path state = Files.createDirectories(tmp.resolve("ag6006"));
        Files.writeString(
                state.resolve("idevid.pem"),
                issued.json().at("/devices/0/certificate").asText());
        Files.writeString(
                state.resolve("idevid.key"),
                Pem.encode("PRIVATE KEY", birthKey.getPrivate().getEncoded()));
        Agent agent = Agent.builder()
                .stateDirectory(state)
                .server(devicePort)
                .trustAnchor(platformCa)
                .build();

        EstException e = catchThrowableOfType(EstException.class, agent::enroll);

        // until vouchers (RFC 8995) make it owned, a manufactured device has no owner to enroll with
        assertThat(e.reason()).isEqualTo(EstException.Reason.FORBIDDEN);
        assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains("manufactured"));
        assertThat(agent.status().serial()).contains("AG-6006");
        assertThat(agent.status().state()).isEqualTo(AgentStatus.State.NOT_ENROLLED);
        assertThat(agent.status().birthCertificate()).isTrue();
    }

    private static CliRun cli(String[] where, String... args) {
        List<String> all = new ArrayList<>(List.of("agent", args[0]));
        all.addAll(List.of(where));
        all.addAll(List.of(args).subList(1, args.length));
        return CliRun.run(Map.of(), all.toArray(String[]::new));
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String csrPem(KeyPair keys, String serial) throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.SERIALNUMBER, serial)
                .build();
        byte[] der = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                .getEncoded();
        return Pem.encode("CERTIFICATE REQUEST", der);
    }

    private Agent.Builder agent(Path state, String serial, FakeClock clock) {
        return Agent.builder()
                .stateDirectory(state)
                .server(devicePort)
                .trustAnchor(platformCa)
                .serial(serial)
                .clock(clock)
                .maxAttempts(3)
                .timeout(Duration.ofSeconds(10))
                .sleeper(wait -> {
                    throw new AssertionError("no wait expected, asked for " + wait);
                });
    }

    private String givenDevice(Actor admin, String serial) {
        Api.Response added = server.api().post("/api/v1/devices", admin.token(), Map.of("serial", serial));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        return added.json().get("enrollmentSecret").asText();
    }

    private JsonNode device(Actor admin, String serial) {
        Api.Response r = server.api().get("/api/v1/devices/" + serial, admin.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static List<X509Certificate> certificates(Path pem) throws Exception {
        List<X509Certificate> list = new ArrayList<>();
        CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))
                .forEach(c -> list.add((X509Certificate) c));
        return list;
    }

    /** The device certificate is signed by the first certificate of the owner's chain. */
    private static void verifies(X509Certificate certificate, List<X509Certificate> chain) throws Exception {
        assertThat(chain).isNotEmpty();
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(chain.get(0).getSubjectX500Principal());
        certificate.verify(chain.get(0).getPublicKey());
    }

    private static Map<String, String> contents(Path dir, String... names) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String n : names) {
            m.put(n, Files.readString(dir.resolve(n)));
        }
        return m;
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.Pem;
import io.hallmark.protocol.voucher.Voucher;
import io.hallmark.protocol.voucher.VoucherCodec;
import io.hallmark.protocol.voucher.VoucherJws;
import io.hallmark.protocol.voucher.VoucherRequest;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/**
 * Ownership vouchers and BRSKI onboarding end to end: a manufacturer's voucher makes an owner's device owned, the
 * device's birth certificate then enrolls over EST; a pledge's signed voucher request gets a nonce-bound voucher the
 * pledge verifies against its manufacturer's root, once; an owner of another instance imports a voucher from a
 * manufacturer it trusts and its device enrolls there.
 */
class VoucherOnboardingIT {

    /** A simulated device: its key and its birth certificate. */
    private record Pledge(String serial, KeyPair key, X509Certificate idevid, String chainPem) {}

    @Test
    void voucherToAnOwnerHereMakesTheDeviceOwnedAndItsBirthCertificateEnrolls() throws Exception {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            Actor maker = server.givenUser(server.givenOrganization("V Maker", "manufacturer"), "admin");
            String ownerOrg = server.givenOrganization("V Owner", "owner");
            Actor owner = server.givenUser(ownerOrg, "admin");
            Pledge pledge = factory(server, maker, "VM-0001");

            Api.Response issued = server.api()
                    .post("/api/v1/vouchers", maker.token(), Map.of("serial", "VM-0001", "owner", ownerOrg));
            assertThat(issued.status()).as("%s", issued).isEqualTo(201);
            X509Certificate makerRoot = root(server, maker.orgId(), maker.token());
            Voucher v = VoucherJws.verifyVoucher(
                    issued.json().get("voucher").asText(),
                    List.of(makerRoot),
                    Instant.now(),
                    new VoucherJws.Expectation("VM-0001", Optional.empty()));
            assertThat(v.pinnedDomainCert())
                    .isEqualTo(root(server, ownerOrg, owner.token()).getEncoded());
            assertThat(state(server, owner, "VM-0001")).isEqualTo("owned");

            HttpResponse<String> enroll = mtls(server, pledge)
                    .send(
                            HttpRequest.newBuilder(device(server, "/.well-known/est/simpleenroll"))
                                    .header("Content-Type", "application/pkcs10")
                                    .POST(HttpRequest.BodyPublishers.ofString(csr(pledge.key(), pledge.serial())))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(enroll.statusCode()).as(enroll.body()).isEqualTo(200);
            assertThat(state(server, owner, "VM-0001")).isEqualTo("active");
        }
    }

    @Test
    void aPledgeGetsANonceBoundVoucherOnceAndReportsItsStatus() throws Exception {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            Actor maker = server.givenUser(server.givenOrganization("B Maker", "manufacturer"), "admin");
            String ownerOrg = server.givenOrganization("B Owner", "owner");
            Actor owner = server.givenUser(ownerOrg, "admin");
            Pledge pledge = factory(server, maker, "BR-0001");
            server.api().post("/api/v1/vouchers", maker.token(), Map.of("serial", "BR-0001", "owner", ownerOrg));

            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            String request = signedRequest(pledge, nonce);
            HttpClient client = mtls(server, pledge);
            HttpResponse<String> answer =
                    client.send(requestVoucher(server, request), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue(VoucherJws.MEDIA_TYPE);
            Voucher v = VoucherJws.verifyVoucher(
                    answer.body(),
                    List.of(root(server, maker.orgId(), maker.token())),
                    Instant.now(),
                    new VoucherJws.Expectation("BR-0001", Optional.of(nonce)));
            assertThat(v.assertion()).isEqualTo(Voucher.Assertion.PROXIMITY);

            HttpResponse<String> replay =
                    client.send(requestVoucher(server, request), HttpResponse.BodyHandlers.ofString());
            assertThat(replay.statusCode()).as("a replayed nonce").isEqualTo(403);
            assertThat(replay.body()).contains("nonce was used before");

            HttpResponse<String> status = client.send(
                    HttpRequest.newBuilder(device(server, "/.well-known/brski/voucher_status"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"version\":\"1\",\"status\":true,\"reason\":\"voucher accepted\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
            JsonNode detail =
                    server.api().get("/api/v1/devices/BR-0001", owner.token()).json();
            List<String> actions = new ArrayList<>();
            detail.get("events").forEach(e -> actions.add(e.get("action").asText()));
            assertThat(actions).contains("voucher.issue", "brski.voucher", "brski.voucher_status");
        }
    }

    @Test
    void theJavaAgentOnboardsWithBrskiThenEnrolls(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            Actor maker = server.givenUser(server.givenOrganization("A Maker", "manufacturer"), "admin");
            String ownerOrg = server.givenOrganization("A Owner", "owner");
            Actor owner = server.givenUser(ownerOrg, "admin");
            Pledge pledge = factory(server, maker, "AG-0001");
            server.api().post("/api/v1/vouchers", maker.token(), Map.of("serial", "AG-0001", "owner", ownerOrg));
            java.nio.file.Path state = dir.resolve("AG-0001");
            Files.createDirectories(state);
            Files.writeString(state.resolve("idevid.pem"), Pem.certificate(pledge.idevid()));
            Files.writeString(
                    state.resolve("idevid.key"),
                    Pem.encode("PRIVATE KEY", pledge.key().getPrivate().getEncoded()));
            Files.writeString(
                    state.resolve("masa-anchor.pem"), Pem.certificate(root(server, maker.orgId(), maker.token())));

            io.hallmark.agent.AgentStatus status = io.hallmark.agent.Agent.builder()
                    .stateDirectory(state)
                    .server(device(server, ""))
                    .trustAnchor(server.dataDir().resolve("trust/platform-ca.pem"))
                    .build()
                    .onboard();

            assertThat(status.state()).isEqualTo(io.hallmark.agent.AgentStatus.State.ENROLLED);
            assertThat(state.resolve("domain-ca.pem"))
                    .content()
                    .isEqualTo(Pem.certificate(root(server, ownerOrg, owner.token())));
            JsonNode detail =
                    server.api().get("/api/v1/devices/AG-0001", owner.token()).json();
            assertThat(detail.get("device").get("state").asText()).isEqualTo("active");
            List<String> actions = new ArrayList<>();
            detail.get("events").forEach(e -> actions.add(e.get("action").asText()));
            assertThat(actions)
                    .contains("brski.voucher", "brski.voucher_status", "device.enroll", "brski.enrollstatus");
        }
    }

    @Test
    void anOwnerOfAnotherInstanceImportsAVoucherFromATrustedManufacturerAndItsDeviceEnrolls() throws Exception {
        try (TestServer makers = TestServer.givenServer(Store.H2);
                TestServer owners = TestServer.givenServer(Store.H2)) {
            Actor maker = makers.givenUser(makers.givenOrganization("Far Maker", "manufacturer"), "admin");
            String ownerOrg = owners.givenOrganization("Far Owner", "owner");
            Actor owner = owners.givenUser(ownerOrg, "admin");
            Pledge pledge = factory(makers, maker, "FAR-0001");
            String ownerRoot = Pem.certificate(root(owners, ownerOrg, owner.token()));

            Api.Response issued = makers.api()
                    .post(
                            "/api/v1/vouchers",
                            maker.token(),
                            Map.of("serial", "FAR-0001", "pinnedCert", ownerRoot, "validityDays", 1));
            assertThat(issued.status()).as("%s", issued).isEqualTo(201);
            String voucher = issued.json().get("voucher").asText();

            Api.Response untrusted =
                    owners.api().post("/api/v1/vouchers/import", owner.token(), Map.of("voucher", voucher));
            assertThat(untrusted.status())
                    .as("before trusting the manufacturer")
                    .isEqualTo(403);

            String makerChain = makers.api()
                    .get("/api/v1/organizations/" + maker.orgId() + "/ca", maker.token())
                    .json()
                    .get("idevid")
                    .asText();
            Api.Response trust = owners.api()
                    .post(
                            "/api/v1/trust/manufacturers",
                            owner.token(),
                            Map.of("name", "Far Maker", "cert", makerChain));
            assertThat(trust.status()).as("%s", trust).isEqualTo(201);
            Api.Response imported =
                    owners.api().post("/api/v1/vouchers/import", owner.token(), Map.of("voucher", voucher));
            assertThat(imported.status()).as("%s", imported).isEqualTo(201);
            assertThat(state(owners, owner, "FAR-0001")).isEqualTo("owned");

            HttpResponse<String> enroll = mtls(owners, pledge)
                    .send(
                            HttpRequest.newBuilder(device(owners, "/.well-known/est/simpleenroll"))
                                    .header("Content-Type", "application/pkcs10")
                                    .POST(HttpRequest.BodyPublishers.ofString(csr(pledge.key(), pledge.serial())))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(enroll.statusCode())
                    .as(owners.api()
                            .get("/api/v1/audit/entries?limit=5", owners.adminToken())
                            .body())
                    .isEqualTo(200);
            assertThat(state(owners, owner, "FAR-0001")).isEqualTo("active");

            // the registrar answers the pledge's BRSKI request with the voucher its owner imported
            HttpResponse<String> brski = mtls(owners, pledge)
                    .send(
                            requestVoucher(owners, signedRequest(pledge, new byte[] {1, 2, 3, 4, 5, 6, 7, 8})),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(brski.statusCode()).as(brski.body()).isEqualTo(200);
            assertThat(brski.body()).isEqualTo(voucher);
        }
    }

    @Test
    void theRegistrarObtainsANonceBoundVoucherFromAnotherInstancesMasa() throws Exception {
        try (TestServer makers = TestServer.givenServer(Store.H2);
                TestServer owners = TestServer.givenServer(Store.H2)) {
            Actor maker = makers.givenUser(makers.givenOrganization("Masa Maker", "manufacturer"), "admin");
            String ownerOrg = owners.givenOrganization("Masa Owner", "owner");
            Actor owner = owners.givenUser(ownerOrg, "admin");
            Pledge pledge = factory(makers, maker, "MASA-0001");
            X509Certificate ownerRoot = root(owners, ownerOrg, owner.token());
            // the sale: a voucher pinned to the owner's root, kept by the manufacturer as its sales record
            assertThat(makers.api()
                            .post(
                                    "/api/v1/vouchers",
                                    maker.token(),
                                    Map.of("serial", "MASA-0001", "pinnedCert", Pem.certificate(ownerRoot)))
                            .status())
                    .isEqualTo(201);
            String makerChain = makers.api()
                    .get("/api/v1/organizations/" + maker.orgId() + "/ca", maker.token())
                    .json()
                    .get("idevid")
                    .asText();
            // the owner trusts the manufacturer's IDevID chain, and its platform CA for TLS to the MASA
            String makerTls = Files.readString(makers.dataDir().resolve("trust/platform-ca.pem"));
            assertThat(owners.api()
                            .post(
                                    "/api/v1/trust/manufacturers",
                                    owner.token(),
                                    Map.of("name", "Masa Maker", "cert", makerChain + makerTls))
                            .status())
                    .isEqualTo(201);

            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            HttpClient client = mtls(owners, pledge);
            HttpResponse<String> answer = client.send(
                    requestVoucher(owners, signedRequest(pledge, nonce)), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            Voucher v = VoucherJws.verifyVoucher(
                    answer.body(),
                    List.of(root(makers, maker.orgId(), maker.token())),
                    Instant.now(),
                    new VoucherJws.Expectation("MASA-0001", Optional.of(nonce)));
            assertThat(v.pinnedDomainCert()).isEqualTo(ownerRoot.getEncoded());
            assertThat(state(owners, owner, "MASA-0001")).isEqualTo("owned");

            HttpResponse<String> enroll = client.send(
                    HttpRequest.newBuilder(device(owners, "/.well-known/est/simpleenroll"))
                            .header("Content-Type", "application/pkcs10")
                            .POST(HttpRequest.BodyPublishers.ofString(csr(pledge.key(), pledge.serial())))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(enroll.statusCode()).as(enroll.body()).isEqualTo(200);
            assertThat(state(owners, owner, "MASA-0001")).isEqualTo("active");
        }
    }

    @Test
    void anExpiredVoucherOrOneForAnotherOwnerIsRefusedAndChangesNothing() throws Exception {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            Actor maker = server.givenUser(server.givenOrganization("X Maker", "manufacturer"), "admin");
            String ownerA = server.givenOrganization("Owner A", "owner");
            String ownerB = server.givenOrganization("Owner B", "owner");
            Actor adminA = server.givenUser(ownerA, "admin");
            Actor adminB = server.givenUser(ownerB, "admin");
            factory(server, maker, "X-0001");
            String rootB = Pem.certificate(root(server, ownerB, adminB.token()));

            String forB = server.api()
                    .post(
                            "/api/v1/vouchers",
                            maker.token(),
                            Map.of("serial", "X-0001", "pinnedCert", rootB, "validityDays", 1))
                    .json()
                    .get("voucher")
                    .asText();
            Api.Response wrongOwner =
                    server.api().post("/api/v1/vouchers/import", adminA.token(), Map.of("voucher", forB));
            assertThat(wrongOwner.status()).isEqualTo(403);
            assertThat(wrongOwner.json().get("detail").asText()).contains("not permitted");

            server.clock().advance(Duration.ofDays(2));
            Api.Response expired =
                    server.api().post("/api/v1/vouchers/import", adminB.token(), Map.of("voucher", forB));
            assertThat(expired.status()).isEqualTo(403);
            assertThat(state(server, maker, "X-0001")).isEqualTo("manufactured");
        }
    }

    private static Pledge factory(TestServer server, Actor maker, String serial) throws Exception {
        server.api().post("/api/v1/products", maker.token(), Map.of("model", "m-" + serial, "name", "Model " + serial));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        Api.Response issued = server.api()
                .post(
                        "/api/v1/factory/issue",
                        maker.token(),
                        Map.of("product", "m-" + serial, "requests", List.of(Map.of("csr", csr(key, serial)))));
        assertThat(issued.status()).as("%s", issued).isEqualTo(201);
        X509Certificate cert = certificate(
                issued.json().get("devices").get(0).get("certificate").asText());
        return new Pledge(serial, key, cert, issued.json().get("chain").asText());
    }

    private static String csr(KeyPair key, String serial) throws Exception {
        byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name("SERIALNUMBER=" + serial), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()))
                .getEncoded();
        return Pem.encode("CERTIFICATE REQUEST", der);
    }

    private static String signedRequest(Pledge pledge, byte[] nonce) {
        VoucherRequest request =
                new VoucherRequest(Optional.of(Instant.now()), pledge.serial(), nonce, Optional.empty());
        return VoucherJws.sign(VoucherCodec.encode(request), List.of(pledge.idevid()), data -> {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(pledge.key().getPrivate());
                s.update(data);
                return s.sign();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static HttpRequest requestVoucher(TestServer server, String request) {
        return HttpRequest.newBuilder(device(server, "/.well-known/brski/requestvoucher"))
                .header("Content-Type", VoucherJws.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(request))
                .build();
    }

    private static String state(TestServer server, Actor actor, String serial) {
        Api.Response r = server.api().get("/api/v1/devices/" + serial, actor.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().get("device").get("state").asText();
    }

    private static X509Certificate root(TestServer server, String org, String token) throws Exception {
        return certificate(server.api()
                .get("/api/v1/organizations/" + org + "/ca", token)
                .json()
                .get("root")
                .asText());
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static URI device(TestServer server, String path) {
        return URI.create("https://127.0.0.1:" + server.server().devicePort().orElseThrow() + path);
    }

    /** An HTTPS client presenting the pledge's birth certificate and trusting only the platform CA. */
    private static HttpClient mtls(TestServer server, Pledge pledge) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device", pledge.key().getPrivate(), new char[0], new X509Certificate[] {pledge.idevid()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(
                "platform", certificate(Files.readString(server.dataDir().resolve("trust/platform-ca.pem"))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}

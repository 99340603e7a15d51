package io.hallmark.server.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hallmark.core.Pem;
import io.hallmark.server.pki.OrganizationCa.Purpose;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP responses and CRLs read and verified by the {@code openssl} binary, a second implementation of RFC 6960 and
 * RFC 5280, as the integration tests and relying parties will: over plain HTTP for OCSP, from files for CRLs.
 */
class RevocationOpensslTest {
    private static final String IDEVID_CA = "org.acme.idevid-ca";

    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final Clock clock = Clock.systemUTC();
    private final OrganizationCa ca = OrganizationCa.ensure(
            vault, clock, "acme", "Acme Devices", Set.of(Purpose.IDEVID), OrganizationCaTest.BASE_URL);
    private final CaDirectory directory = new CaDirectory().register(ca);
    private final InMemoryStatusSource source = new InMemoryStatusSource();
    private final OcspResponder responder = new OcspResponder(vault, directory, source, clock);
    private final CrlPublisher publisher = new CrlPublisher(vault, directory, source, clock);
    private HttpServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void writeChainAndServeOcsp() throws IOException {
        Assumptions.assumeTrue(Openssl.isInstalled(), "the openssl binary is not on the PATH; skipping");
        source.tell(responder);
        source.tell(publisher);
        Files.writeString(dir.resolve("root.pem"), Pem.certificate(ca.root()));
        Files.writeString(dir.resolve("issuing.pem"), Pem.certificate(ca.issuer(Purpose.IDEVID)));
        Files.writeString(dir.resolve("chain.pem"), ca.pem(Purpose.IDEVID));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ocsp", this::serveOcsp);
        server.start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void opensslSeesAGoodCertificateGoodWithItsNonceEchoed() throws Exception {
        device("dev.pem");

        Openssl.Result result = ocspOverHttp("dev.pem", "-nonce");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("Response verify OK")
                .contains("dev.pem: good")
                .doesNotContain("WARNING")
                .doesNotContain("nonce verify error");
    }

    @Test
    void opensslSeesAHeldCertificateRevokedWithCertificateHold() throws Exception {
        BigInteger serial = device("dev.pem");
        source.change(IDEVID_CA, serial, CertificateStatus.held(clock.instant()));

        Openssl.Result result = ocspOverHttp("dev.pem", "-no_nonce");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("Response verify OK")
                .contains("dev.pem: revoked")
                .containsIgnoringCase("Reason: certificateHold");
    }

    @Test
    void opensslSeesAReleasedCertificateGoodAgain() throws Exception {
        BigInteger serial = device("dev.pem");
        source.change(IDEVID_CA, serial, CertificateStatus.held(clock.instant()));
        assertThat(ocspOverHttp("dev.pem", "-no_nonce").output()).contains("dev.pem: revoked");

        source.change(IDEVID_CA, serial, CertificateStatus.GOOD);

        assertThat(ocspOverHttp("dev.pem", "-no_nonce").output()).contains("dev.pem: good");
    }

    @Test
    void opensslReadsTheAnswerToItsSha256RequestForADecommissionedCertificate() throws Exception {
        BigInteger serial = device("dev.pem");
        source.change(
                IDEVID_CA,
                serial,
                CertificateStatus.revoked(clock.instant(), CertificateStatus.Reason.CESSATION_OF_OPERATION));
        Openssl.Result written = Openssl.run(
                dir,
                "ocsp",
                "-sha256",
                "-issuer",
                "issuing.pem",
                "-cert",
                "dev.pem",
                "-no_nonce",
                "-reqout",
                "req.der");
        assertThat(written.exitCode()).as(written.output()).isZero();

        Files.write(dir.resolve("resp.der"), responder.respond(Files.readAllBytes(dir.resolve("req.der"))));
        Openssl.Result result = Openssl.run(
                dir,
                "ocsp",
                "-sha256",
                "-respin",
                "resp.der",
                "-issuer",
                "issuing.pem",
                "-CAfile",
                "chain.pem",
                "-cert",
                "dev.pem",
                "-no_nonce");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("Response verify OK")
                .contains("dev.pem: revoked")
                .containsIgnoringCase("Reason: cessationOfOperation");
    }

    @Test
    void opensslVerifiesTheCrlAndShowsItsEntriesAndNumber() throws Exception {
        BigInteger held = device("held.pem");
        source.change(IDEVID_CA, held, CertificateStatus.held(clock.instant()));
        Files.write(dir.resolve("ca.crl"), publisher.findCrl(IDEVID_CA).orElseThrow());

        Openssl.Result verified =
                Openssl.run(dir, "crl", "-inform", "DER", "-in", "ca.crl", "-CAfile", "chain.pem", "-noout");
        Openssl.Result text = Openssl.run(dir, "crl", "-inform", "DER", "-in", "ca.crl", "-noout", "-text");

        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("verify OK");
        assertThat(text.output())
                .contains("Version 2")
                .contains("X509v3 CRL Number")
                .contains("X509v3 Authority Key Identifier")
                .contains("Next Update")
                .contains(held.toString(16).toUpperCase(Locale.ROOT))
                .contains("Certificate Hold");
    }

    @Test
    void opensslVerifyWithCrlCheckRejectsARevokedCertificateAndAcceptsAGoodOne() throws Exception {
        device("good.pem");
        BigInteger revoked = device("revoked.pem");
        source.change(
                IDEVID_CA,
                revoked,
                CertificateStatus.revoked(clock.instant(), CertificateStatus.Reason.KEY_COMPROMISE));
        Files.writeString(
                dir.resolve("crl.pem"),
                Pem.encode("X509 CRL", publisher.findCrl(IDEVID_CA).orElseThrow()));

        Openssl.Result good = verifyWithCrl("good.pem");
        Openssl.Result bad = verifyWithCrl("revoked.pem");

        assertThat(good.exitCode()).as(good.output()).isZero();
        assertThat(good.output()).contains("good.pem: OK");
        assertThat(bad.exitCode()).as(bad.output()).isNotZero();
        assertThat(bad.output()).contains("certificate revoked");
    }

    private Openssl.Result verifyWithCrl(String leaf) throws IOException {
        return Openssl.run(
                dir,
                "verify",
                "-crl_check",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                "-CRLfile",
                "crl.pem",
                leaf);
    }

    private Openssl.Result ocspOverHttp(String leaf, String nonceOption) throws IOException {
        return Openssl.run(
                dir,
                "ocsp",
                "-issuer",
                "issuing.pem",
                "-cert",
                leaf,
                "-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp",
                "-CAfile",
                "chain.pem",
                nonceOption);
    }

    private void serveOcsp(HttpExchange exchange) throws IOException {
        byte[] request = "POST".equals(exchange.getRequestMethod())
                ? exchange.getRequestBody().readAllBytes()
                : OcspResponder.decodeGetPath(
                        exchange.getRequestURI().getRawPath().substring("/ocsp".length()));
        byte[] response = responder.respond(request);
        exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
        exchange.sendResponseHeaders(200, response.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(response);
        }
    }

    private BigInteger device(String file) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        X509Certificate certificate =
                ca.issue(generator.generateKeyPair().getPublic(), OrganizationCaTest.idevid("SN-1"));
        Files.writeString(dir.resolve(file), Pem.certificate(certificate));
        source.issued(IDEVID_CA, certificate.getSerialNumber());
        return certificate.getSerialNumber();
    }
}

package io.hallmark.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hallmark.agent.FakeEstServer.Response;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EstClientTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final FakeEstServer server = new FakeEstServer();
    private final TestCa owner = new TestCa("Owner LDevID CA");
    private final List<Duration> sleeps = new ArrayList<>();
    private final KeyPair deviceKeys = IdentityStore.generateP256();

    @AfterEach
    void stop() {
        server.close();
    }

    private EstClient client(int maxAttempts, Optional<String> label) {
        return new EstClient(
                server.url(),
                label,
                List.of(server.tlsCa.certificate),
                Clock.fixed(NOW, ZoneOffset.UTC),
                sleeps::add,
                maxAttempts,
                Duration.ofSeconds(10));
    }

    private X509Certificate issued() {
        return owner.issue(deviceKeys.getPublic(), "SERIALNUMBER=SN-1", NOW, Duration.ofDays(90));
    }

    @Test
    void simpleEnrollSendsBase64CsrWithBasicCredentialsAndReturnsTheIssuedCertificate() throws Exception {
        X509Certificate cert = issued();
        server.answer(r -> Response.certs(List.of(cert)));
        byte[] csr = CertificationRequests.create(deviceKeys, "SN-1");

        X509Certificate result = client(1, Optional.empty()).simpleEnroll(csr, new EstClient.Basic("SN-1", "s3cret"));

        assertThat(result).isEqualTo(cert);
        FakeEstServer.Request request = server.requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/.well-known/est/simpleenroll");
        assertThat(request.header("Content-Type")).isEqualTo("application/pkcs10");
        assertThat(request.header("Authorization"))
                .isEqualTo(
                        "Basic " + Base64.getEncoder().encodeToString("SN-1:s3cret".getBytes(StandardCharsets.UTF_8)));
        byte[] der = Base64.getMimeDecoder().decode(request.body());
        assertThat(new PKCS10CertificationRequest(der).getSubject().toString()).isEqualTo("SERIALNUMBER=SN-1");
        assertThat(request.clientCertificate()).isEmpty();
    }

    @Test
    void labelNamesTheOwnerInThePath() {
        server.answer(r -> Response.certs(List.of(owner.certificate)));
        assertThat(client(1, Optional.of("Northwind Facilities")).cacerts(new EstClient.Anonymous()))
                .containsExactly(owner.certificate);
        assertThat(server.requests.get(0).path()).isEqualTo("/.well-known/est/Northwind%20Facilities/cacerts");
    }

    @Test
    void simpleReenrollPresentsTheCurrentCertificateForMutualTls() {
        X509Certificate current = issued();
        KeyPair next = IdentityStore.generateP256();
        X509Certificate renewed = owner.issue(next.getPublic(), "SERIALNUMBER=SN-1", NOW, Duration.ofDays(90));
        server.answer(r -> Response.certs(List.of(renewed)));

        X509Certificate result = client(1, Optional.empty())
                .simpleReenroll(
                        CertificationRequests.create(next, "SN-1"),
                        new TlsCredential(deviceKeys.getPrivate(), List.of(current)));

        assertThat(result).isEqualTo(renewed);
        assertThat(server.requests.get(0).path()).endsWith("/simplereenroll");
        assertThat(server.requests.get(0).clientCertificate()).contains(current);
        assertThat(server.requests.get(0).header("Authorization")).isNull();
    }

    @Test
    void acceptedRequestIsRepeatedAfterRetryAfterUntilIssued() {
        X509Certificate cert = issued();
        AtomicInteger calls = new AtomicInteger();
        server.answer(r -> calls.incrementAndGet() < 3 ? Response.pending("30") : Response.certs(List.of(cert)));

        X509Certificate result = client(5, Optional.empty())
                .simpleEnroll(CertificationRequests.create(deviceKeys, "SN-1"), new EstClient.Basic("SN-1", "s"));

        assertThat(result).isEqualTo(cert);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
        assertThat(server.requests).hasSize(3);
        assertThat(server.requests.get(2).body())
                .isEqualTo(server.requests.get(0).body());
    }

    @Test
    void acceptedRequestGivesUpAfterMaxAttemptsWithPendingAndTheServersWait() {
        server.answer(r -> Response.pending("45"));

        EstException e = catchThrowableOfType(EstException.class, () -> client(3, Optional.empty())
                .simpleEnroll(CertificationRequests.create(deviceKeys, "SN-1"), new EstClient.Basic("SN-1", "s")));

        assertThat(e.reason()).isEqualTo(EstException.Reason.PENDING);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(45));
        assertThat(server.requests).hasSize(3);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void retryAfterAcceptsAnHttpDateAndIsBounded() {
        EstClient client = client(1, Optional.empty());
        assertThat(client.retryAfter(Optional.of("Sun, 01 Mar 2026 10:02:00 GMT")))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(client.retryAfter(Optional.of("0"))).isEqualTo(Duration.ofSeconds(1));
        assertThat(client.retryAfter(Optional.of("99999999"))).isEqualTo(EstClient.MAX_RETRY_AFTER);
        assertThat(client.retryAfter(Optional.of("soon"))).isEqualTo(EstClient.DEFAULT_RETRY_AFTER);
        assertThat(client.retryAfter(Optional.empty())).isEqualTo(EstClient.DEFAULT_RETRY_AFTER);
    }

    @Test
    void refusalsBecomeTypedExceptionsWithTheServersDetailButNeverTheSecret() {
        byte[] csr = CertificationRequests.create(deviceKeys, "SN-1");
        for (int status : new int[] {400, 401, 403, 415, 500}) {
            server.answer(r -> Response.problem(status, "reason " + status));
            EstException e = catchThrowableOfType(EstException.class, () -> client(1, Optional.empty())
                    .simpleEnroll(csr, new EstClient.Basic("SN-1", "hunter2")));
            assertThat(e.status()).hasValue(status);
            assertThat(e.detail()).contains("reason " + status);
            assertThat(e.getMessage())
                    .contains("HTTP " + status, "reason " + status)
                    .doesNotContain("hunter2");
            assertThat(e.reason())
                    .isEqualTo(
                            switch (status) {
                                case 401 -> EstException.Reason.UNAUTHORIZED;
                                case 403 -> EstException.Reason.FORBIDDEN;
                                case 500 -> EstException.Reason.SERVER_ERROR;
                                default -> EstException.Reason.BAD_REQUEST;
                            });
        }
        assertThat(new EstClient.Basic("SN-1", "hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void serverWhoseCertificateDoesNotChainToTheTrustAnchorIsRefused() {
        server.answer(r -> Response.certs(List.of(owner.certificate)));
        EstClient stranger = new EstClient(
                server.url(),
                Optional.empty(),
                List.of(new TestCa("Someone Else").certificate),
                Clock.systemUTC(),
                sleeps::add,
                1,
                Duration.ofSeconds(10));

        assertThatThrownBy(() -> stranger.cacerts(new EstClient.Anonymous()))
                .isInstanceOfSatisfying(
                        EstException.class, e -> assertThat(e.reason()).isEqualTo(EstException.Reason.TLS));
        assertThat(server.requests).isEmpty();
    }

    @Test
    void answerThatIsNotPkcs7IsMalformed() {
        server.answer(r -> Response.of(200, "application/pkcs7-mime", "bm90IGEgcGtjczc="));
        assertThatThrownBy(() -> client(1, Optional.empty()).cacerts(new EstClient.Anonymous()))
                .isInstanceOfSatisfying(EstException.class, e -> assertThat(e.reason())
                        .isEqualTo(EstException.Reason.MALFORMED_RESPONSE));
    }

    @Test
    void csrAttrsListsTheRequestedObjectIdentifiers() {
        // SEQUENCE { ecdsa-with-SHA256, id-at-serialNumber }, as the Hallmark server sends it
        server.answer(r -> Response.of(200, "application/csrattrs", csrAttrsBase64()));
        assertThat(client(1, Optional.empty()).csrAttrs()).containsExactly("1.2.840.10045.4.3.2", "2.5.4.5");
    }

    private static String csrAttrsBase64() {
        try {
            var v = new org.bouncycastle.asn1.ASN1EncodableVector();
            v.add(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA256);
            v.add(org.bouncycastle.asn1.x500.style.BCStyle.SERIALNUMBER);
            return Base64.getEncoder().encodeToString(new org.bouncycastle.asn1.DERSequence(v).getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unreachableServerIsReportedAsUnreachable() {
        server.close();
        assertThatThrownBy(() -> client(1, Optional.empty()).cacerts(new EstClient.Anonymous()))
                .isInstanceOfSatisfying(
                        EstException.class, e -> assertThat(e.reason()).isEqualTo(EstException.Reason.UNREACHABLE));
    }
}

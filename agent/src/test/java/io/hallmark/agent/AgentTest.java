package io.hallmark.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hallmark.agent.FakeEstServer.Response;
import io.hallmark.core.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {
    private final FakeEstServer server = new FakeEstServer();
    private final TestCa owner = new TestCa("Owner LDevID CA");
    private final MovableClock clock = new MovableClock(Instant.now());

    @TempDir
    Path tmp;

    private Path state;
    private Agent agent;

    @BeforeEach
    void setUp() throws IOException {
        state = tmp.resolve("state");
        Path anchor = Files.writeString(tmp.resolve("platform-ca.pem"), Pem.certificate(server.tlsCa.certificate));
        agent = Agent.builder()
                .stateDirectory(state)
                .server(server.url())
                .trustAnchor(anchor)
                .serial("SN-1")
                .clock(clock)
                .sleeper(d -> {})
                .maxAttempts(2)
                .build();
        server.answer(this::issuingCa);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A well-behaved EST server: issues 90-day certificates for the CSR's key, serves the owner's CA. */
    private Response issuingCa(FakeEstServer.Request r) {
        if (r.path().endsWith("/cacerts")) {
            return Response.certs(List.of(owner.certificate));
        }
        return Response.certs(
                List.of(owner.issue(csrKey(r), "SERIALNUMBER=SN-1", clock.instant(), Duration.ofDays(90))));
    }

    private static PublicKey csrKey(FakeEstServer.Request r) {
        try {
            return new JcaPKCS10CertificationRequest(Base64.getMimeDecoder().decode(r.body())).getPublicKey();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void notEnrolledAtFirst() {
        AgentStatus status = agent.status();
        assertThat(status.state()).isEqualTo(AgentStatus.State.NOT_ENROLLED);
        assertThat(status.serial()).contains("SN-1");
        assertThat(status.notAfter()).isEmpty();
    }

    @Test
    void enrollWithSecretStoresKeyCertificateAndOwnersChain() {
        AgentStatus status = agent.enroll("the-secret");

        assertThat(status.state()).isEqualTo(AgentStatus.State.ENROLLED);
        assertThat(status.chainPresent()).isTrue();
        assertThat(status.requestPending()).isFalse();
        X509Certificate cert =
                IdentityStore.readCertificates(state.resolve("cert.pem")).get(0);
        assertThat(IdentityStore.matches(IdentityStore.readKey(state.resolve("key.pem")), cert.getPublicKey()))
                .isTrue();
        assertThat(IdentityStore.readCertificates(state.resolve("chain.pem"))).containsExactly(owner.certificate);
        assertThat(server.requests)
                .extracting(FakeEstServer.Request::path)
                .containsExactly("/.well-known/est/simpleenroll", "/.well-known/est/cacerts");
        // cacerts is asked with the new certificate, so that the server can find the owner without a label
        assertThat(server.requests.get(1).clientCertificate()).contains(cert);
    }

    @Test
    void renewIfDueDoesNothingBeforeTwoThirdsOfTheValidity() throws IOException {
        agent.enroll("s");
        server.requests.clear();
        clock.advance(Duration.ofDays(59));

        assertThat(agent.renewIfDue()).isFalse();
        assertThat(server.requests).isEmpty();
        assertThat(agent.status().state()).isEqualTo(AgentStatus.State.ENROLLED);
    }

    @Test
    void renewIfDueReenrollsOverMutualTlsWithANewKey() throws IOException {
        agent.enroll("s");
        X509Certificate old =
                IdentityStore.readCertificates(state.resolve("cert.pem")).get(0);
        String oldKey = Files.readString(state.resolve("key.pem"));
        server.requests.clear();
        clock.advance(Duration.ofDays(61));
        assertThat(agent.status().state()).isEqualTo(AgentStatus.State.RENEWAL_DUE);

        assertThat(agent.renewIfDue()).isTrue();

        FakeEstServer.Request renewal = server.requests.get(0);
        assertThat(renewal.path()).isEqualTo("/.well-known/est/simplereenroll");
        assertThat(renewal.clientCertificate()).contains(old);
        assertThat(renewal.header("Authorization")).isNull();
        assertThat(Files.readString(state.resolve("key.pem"))).isNotEqualTo(oldKey);
        X509Certificate renewed =
                IdentityStore.readCertificates(state.resolve("cert.pem")).get(0);
        assertThat(renewed).isNotEqualTo(old);
        assertThat(csrKey(renewal)).isEqualTo(renewed.getPublicKey());
        assertThat(agent.status().state()).isEqualTo(AgentStatus.State.ENROLLED);
    }

    @Test
    void refusedRenewalKeepsTheIdentityFilesAndForgetsTheNewKey() throws IOException {
        agent.enroll("s");
        Map<String, String> before = contents("key.pem", "cert.pem", "chain.pem");
        server.answer(r -> Response.problem(403, "not permitted: device is quarantined"));
        clock.advance(Duration.ofDays(61));

        EstException e = catchThrowableOfType(EstException.class, agent::renewIfDue);

        assertThat(e.reason()).isEqualTo(EstException.Reason.FORBIDDEN);
        assertThat(e.getMessage()).contains("device is quarantined");
        assertThat(contents("key.pem", "cert.pem", "chain.pem")).isEqualTo(before);
        assertThat(Files.exists(state.resolve(IdentityStore.NEXT_KEY))).isFalse();
    }

    @Test
    void pendingEnrollmentKeepsItsKeyAndRepeatsTheSameRequestLater() {
        AtomicReference<Boolean> approved = new AtomicReference<>(false);
        server.answer(r -> approved.get() || r.path().endsWith("/cacerts") ? issuingCa(r) : Response.pending("30"));

        EstException e = catchThrowableOfType(EstException.class, () -> agent.enroll("s"));
        assertThat(e.reason()).isEqualTo(EstException.Reason.PENDING);
        assertThat(agent.status().requestPending()).isTrue();
        PublicKey waiting = csrKey(server.requests.get(0));

        approved.set(true);
        agent.enroll("s");

        assertThat(IdentityStore.readCertificates(state.resolve("cert.pem"))
                        .get(0)
                        .getPublicKey())
                .isEqualTo(waiting);
    }

    @Test
    void refusedSecretLeavesNothingBehind() {
        server.answer(r -> Response.problem(401, "authentication required"));

        assertThatThrownBy(() -> agent.enroll("wrong"))
                .isInstanceOfSatisfying(
                        EstException.class, e -> assertThat(e.reason()).isEqualTo(EstException.Reason.UNAUTHORIZED));
        assertThat(agent.status().state()).isEqualTo(AgentStatus.State.NOT_ENROLLED);
        assertThat(agent.status().requestPending()).isFalse();
    }

    @Test
    void enrollWithBirthCertificatePresentsItForMutualTls() throws IOException {
        TestCa maker = new TestCa("Maker IDevID CA");
        var birthKeys = IdentityStore.generateP256();
        X509Certificate idevid = maker.issue(
                birthKeys.getPublic(), "SERIALNUMBER=SN-1", Instant.now().minusSeconds(60), Duration.ofDays(3650));
        Files.createDirectories(state);
        Files.writeString(state.resolve("idevid.pem"), Pem.certificate(idevid));
        Files.writeString(
                state.resolve("idevid.key"),
                Pem.encode("PRIVATE KEY", birthKeys.getPrivate().getEncoded()));

        agent.enroll();

        assertThat(server.requests.get(0).clientCertificate()).contains(idevid);
        assertThat(agent.status().birthCertificate()).isTrue();
        assertThat(agent.status().state()).isEqualTo(AgentStatus.State.ENROLLED);
    }

    @Test
    void enrollWithoutBirthCertificateOrSecretIsALocalError() {
        assertThatThrownBy(agent::enroll)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("idevid.pem");
        assertThatThrownBy(() -> agent.enroll(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(agent::renewIfDue)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not enrolled");
    }

    @Test
    void expiredCertificateIsReportedAsExpired() {
        agent.enroll("s");
        clock.advance(Duration.ofDays(91));
        assertThat(agent.status().state()).isEqualTo(AgentStatus.State.EXPIRED);
    }

    @Test
    void serialIsReadFromTheCertificateWhenNotConfigured() throws IOException {
        agent.enroll("s");
        Agent unnamed = Agent.builder().stateDirectory(state).clock(clock).build();
        assertThat(unnamed.status().serial()).contains("SN-1");
    }

    @Test
    void builderRefusesWhatCannotWork() {
        assertThatThrownBy(() -> Agent.builder().server(java.net.URI.create("http://example.org")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://host:port");
        assertThatThrownBy(() -> Agent.builder().serial("a:b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Agent.builder().label("../admin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("organization");
        assertThatThrownBy(() -> Agent.builder().trustAnchor(tmp.resolve("missing.pem")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Agent.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Agent.builder()
                        .stateDirectory(state)
                        .serial("SN-9")
                        .build()
                        .enroll("s"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("server");
    }

    private Map<String, String> contents(String... names) throws IOException {
        Map<String, String> m = new java.util.TreeMap<>();
        for (String n : names) {
            m.put(n, Files.readString(state.resolve(n)));
        }
        return m;
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

package io.hallmark.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.Pem;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The platform certificates against real TLS stacks: JSSE in process, and the {@code openssl} binary. */
class PlatformPkiTlsTest {
    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final PlatformPki pki =
            PlatformPki.ensure(vault, Clock.systemUTC(), "Acme Fleet", List.of("hallmark.example"), List.of());
    private final ExecutorService server = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopServer() {
        server.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {PlatformPki.API_TLS_ALIAS, PlatformPki.DEVICE_TLS_ALIAS})
    void opensslVerifiesTheLeafAgainstTheRootAsAServerForLocalhost(String alias, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Openssl.isInstalled(), "the openssl binary is not on the PATH; skipping");
        Files.writeString(dir.resolve("root.pem"), pki.rootPem());
        Files.writeString(
                dir.resolve("leaf.pem"),
                Pem.certificate(vault.certificateChain(alias).get(0)));

        Openssl.Result result = Openssl.run(
                dir,
                "verify",
                "-x509_strict",
                "-purpose",
                "sslserver",
                "-verify_hostname",
                "localhost",
                "-CAfile",
                "root.pem",
                "leaf.pem");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("leaf.pem: OK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api", "device"})
    void aTlsClientTrustingOnlyTheRootCompletesTheHandshakeWithHostnameVerification(String endpoint) throws Exception {
        KeyManager[] keyManagers = endpoint.equals("api") ? pki.apiKeyManagers() : pki.deviceKeyManagers();
        String alias = endpoint.equals("api") ? PlatformPki.API_TLS_ALIAS : PlatformPki.DEVICE_TLS_ALIAS;

        try (SSLServerSocket listener = listen(keyManagers);
                SSLSocket client = connect(listener, "localhost")) {
            client.startHandshake();

            assertThat(client.getSession().getPeerCertificates())
                    .containsExactly(vault.certificateChain(alias).toArray(new X509Certificate[0]));
            assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void aHostNameOutsideTheCertificateFailsHostnameVerification() throws Exception {
        try (SSLServerSocket listener = listen(pki.apiKeyManagers());
                SSLSocket client = connect(listener, "elsewhere.example")) {
            assertThatThrownBy(client::startHandshake)
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("elsewhere.example");
        }
    }

    @Test
    void aClientTrustingAnotherRootRefusesTheServer() throws Exception {
        PlatformPki other =
                PlatformPki.ensure(new InMemoryKeyVault(), Clock.systemUTC(), "Other", List.of(), List.of());
        try (SSLServerSocket listener = listen(pki.apiKeyManagers());
                SSLSocket client = connect(listener, "localhost", other.rootCertificate())) {
            assertThatThrownBy(client::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    private SSLServerSocket listen(KeyManager[] keyManagers) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, null, null);
        var listener = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.submit(() -> {
            try (var socket = (SSLSocket) listener.accept()) {
                socket.startHandshake();
                socket.getOutputStream().write(1);
            }
            return null;
        });
        return listener;
    }

    private SSLSocket connect(SSLServerSocket listener, String hostName) throws Exception {
        return connect(listener, hostName, pki.rootCertificate());
    }

    /** Connects over loopback, presenting {@code hostName} for SNI and checking it against the certificate. */
    private static SSLSocket connect(SSLServerSocket listener, String hostName, X509Certificate trusted)
            throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", trusted);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);

        Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        plain.setSoTimeout(10_000);
        var client =
                (SSLSocket) context.getSocketFactory().createSocket(plain, hostName, listener.getLocalPort(), true);
        SSLParameters parameters = client.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSSLParameters(parameters);
        return client;
    }
}

package io.hallmark.server.mqtt;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.hallmark.core.Hashes;
import io.hallmark.server.behaviour.TelemetryIngest;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.pki.PlatformPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT broker: HiveMQ CE with one TLS listener that requires a client certificate, persistence in
 * memory, and {@link BrokerExtension} deciding who may connect and what they may publish.
 *
 * <p>HiveMQ reads its TLS material from files: the listener's key is made for each start (certified by the platform
 * root, so devices trust it as they trust the device port) and deleted at stop; the trust store holds the
 * organizations' roots and issuing CAs, rewritten when they change (HiveMQ reloads it within about 10 s), and is only
 * the first gate: {@link BrokerExtension} validates every chain against the platform's records.
 *
 * <p>One embedded broker per JVM: HiveMQ's extension services ({@code Services}) are process-wide.
 */
final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** How often the trust store is compared with the organizations' CAs. */
    private static final long TRUST_REFRESH_SECONDS = 2;

    private final EmbeddedHiveMQ hivemq;
    private final BrokerExtension extension;
    private final ExecutorService blocking;
    private final ScheduledExecutorService refresher;
    private final Path dir;
    private final int port;

    private EmbeddedBroker(
            EmbeddedHiveMQ hivemq,
            BrokerExtension extension,
            ExecutorService blocking,
            ScheduledExecutorService refresher,
            Path dir,
            int port) {
        this.hivemq = hivemq;
        this.extension = extension;
        this.blocking = blocking;
        this.refresher = refresher;
        this.dir = dir;
        this.port = port;
    }

    static EmbeddedBroker start(
            MqttSettings settings, IdentityServices identity, PlatformPki pki, TelemetryIngest ingest) {
        Path dir = settings.workDir().toAbsolutePath().normalize();
        BrokerFiles.privateDir(dir);
        Path conf = dir.resolve("conf");
        Path data = dir.resolve("data");
        Path extensions = dir.resolve("extensions");
        BrokerFiles.privateDir(conf);
        BrokerFiles.privateDir(data);
        BrokerFiles.privateDir(extensions);

        String keyPassword = BrokerFiles.password();
        KeyPair key = newKey();
        List<X509Certificate> chain = pki.certifyListenerKey(key.getPublic(), "MQTT");
        BrokerFiles.writeKeyStore(conf.resolve("tls.p12"), key.getPrivate(), chain, keyPassword);

        String trustPassword = BrokerFiles.password();
        Path trust = conf.resolve("trust.p12");
        TrustRefresh refresh = new TrustRefresh(identity, trust, trustPassword);
        refresh.run();
        BrokerFiles.writePrivate(
                conf.resolve("config.xml"),
                config(settings, conf.resolve("tls.p12"), keyPassword, trust, trustPassword));

        ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
        BrokerExtension extension = new BrokerExtension(identity, ingest, blocking);
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withoutLoggingBootstrap()
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("hallmark")
                        .withName("Hallmark devices")
                        .withVersion("1")
                        .withExtensionMain(extension)
                        .build())
                .build();
        try {
            hivemq.start().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            blocking.shutdownNow();
            release(hivemq);
            throw new IllegalStateException("the MQTT broker did not start", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            blocking.shutdownNow();
            release(hivemq);
            throw new IllegalStateException("the MQTT broker did not start on port " + settings.port(), e);
        }
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hallmark-mqtt-trust");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(refresh, TRUST_REFRESH_SECONDS, TRUST_REFRESH_SECONDS, TimeUnit.SECONDS);
        LOG.info("MQTT: embedded broker (TLS, client certificates) on {}:{}", settings.bind(), settings.port());
        return new EmbeddedBroker(hivemq, extension, blocking, refresher, conf, settings.port());
    }

    /** The listener's port. */
    int port() {
        return port;
    }

    /** Answers attestation requests from now on. */
    void serveAttestation(AttestationTopics topics) {
        extension.serveAttestation(topics);
    }

    /** Drops the sessions of a device that is no longer active; how many. */
    int dropSessionsOf(String deviceId, String event) {
        return extension.dropSessionsOf(deviceId, event);
    }

    /** How many device sessions are open. */
    int sessions() {
        return extension.sessions();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("MQTT: the broker did not stop cleanly: {}", e.toString());
        } finally {
            blocking.shutdownNow();
            release(hivemq);
            try {
                // the listener's key lived for this run only
                Files.deleteIfExists(dir.resolve("tls.p12"));
                Files.deleteIfExists(dir.resolve("config.xml"));
            } catch (IOException e) {
                LOG.warn("MQTT: {} could not be removed: {}", dir, e.toString());
            }
        }
    }

    /**
     * Releases what the embedded broker keeps beyond {@code stop()}: its state-change executor is not a daemon thread,
     * so a JVM that embeds the server (a benchmark, a test) would not exit without this.
     */
    private static void release(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("MQTT: the broker's resources were not released cleanly: {}", e.toString());
        }
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key generator", e);
        }
    }

    private static String config(
            MqttSettings settings, Path keyStore, String keyPassword, Path trustStore, String trustPassword) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tls-tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                      <name>hallmark-devices</name>
                      <tls>
                        <keystore>
                          <path>%s</path>
                          <password>%s</password>
                          <private-key-password>%s</private-key-password>
                        </keystore>
                        <truststore>
                          <path>%s</path>
                          <password>%s</password>
                        </truststore>
                        <protocols><protocol>TLSv1.3</protocol><protocol>TLSv1.2</protocol></protocols>
                        <cipher-suites>
                          <cipher-suite>TLS_AES_128_GCM_SHA256</cipher-suite>
                          <cipher-suite>TLS_AES_256_GCM_SHA384</cipher-suite>
                          <cipher-suite>TLS_CHACHA20_POLY1305_SHA256</cipher-suite>
                          <cipher-suite>TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256</cipher-suite>
                          <cipher-suite>TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384</cipher-suite>
                          <cipher-suite>TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256</cipher-suite>
                        </cipher-suites>
                        <client-authentication-mode>REQUIRED</client-authentication-mode>
                      </tls>
                    </tls-tcp-listener>
                  </listeners>
                  <mqtt>
                    <retained-messages><enabled>false</enabled></retained-messages>
                    <packets><max-packet-size>%d</max-packet-size></packets>
                    <receive-maximum><server-receive-maximum>64</server-receive-maximum></receive-maximum>
                  </mqtt>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(
                settings.port(),
                xml(settings.bind()),
                xml(keyStore.toString()),
                keyPassword,
                keyPassword,
                xml(trustStore.toString()),
                trustPassword,
                // a report and its topic and properties; larger packets close the connection (MQTT 5.0 §3.1.2.24)
                io.hallmark.protocol.telemetry.TelemetryCodec.MAX_BYTES + 4096);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Rewrites the trust store when the organizations' CAs change. */
    private static final class TrustRefresh implements Runnable {
        private final IdentityServices identity;
        private final Path file;
        private final String password;
        private String written;

        TrustRefresh(IdentityServices identity, Path file, String password) {
            this.identity = identity;
            this.file = file;
            this.password = password;
        }

        @Override
        public void run() {
            try {
                Set<X509Certificate> cas =
                        new LinkedHashSet<>(identity.authenticator().trustAnchors());
                cas.addAll(identity.authenticator().intermediates());
                List<String> prints = new ArrayList<>();
                for (X509Certificate c : cas) {
                    prints.add(Hashes.hex(Hashes.sha256(c.getEncoded())));
                }
                String digest = String.join(",", prints);
                if (digest.equals(written)) {
                    return;
                }
                BrokerFiles.writeTrustStore(file, cas, password);
                written = digest;
            } catch (CertificateEncodingException | RuntimeException e) {
                LOG.warn("MQTT: the broker's trust store could not be refreshed: {}", e.toString());
            }
        }
    }
}

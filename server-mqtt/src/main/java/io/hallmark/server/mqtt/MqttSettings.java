package io.hallmark.server.mqtt;

import io.hallmark.core.Checks;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How Hallmark takes telemetry over MQTT.
 *
 * @param bind the address the embedded broker's TLS listener binds
 * @param port the embedded broker's port (8883 by default); -1 runs no embedded broker
 * @param workDir where the embedded broker keeps its configuration and its per-start TLS files
 * @param externalBroker an {@code ssl://host:port} URL of an MQTT 5 broker to read telemetry from instead of the
 *     embedded one
 * @param caFile external broker: the PEM certificates Hallmark trusts for the broker's TLS certificate
 * @param certFile external broker: Hallmark's client certificate chain (PEM)
 * @param keyFile external broker: Hallmark's client key (PEM, PKCS#8)
 * @param clientId external broker: Hallmark's client id (each replica needs its own; the shared subscription spreads
 *     messages among them)
 */
public record MqttSettings(
        String bind,
        int port,
        Path workDir,
        Optional<URI> externalBroker,
        Optional<Path> caFile,
        Optional<Path> certFile,
        Optional<Path> keyFile,
        String clientId) {

    /** Checks every value. */
    public MqttSettings {
        Checks.notBlank(bind, "bind");
        Checks.inRange(port, -1, 65535, "mqtt-port");
        Checks.notNull(workDir, "workDir");
        Checks.notNull(externalBroker, "mqtt.broker-url");
        externalBroker.ifPresent(u -> Checks.check(
                "ssl".equals(u.getScheme()) && u.getHost() != null && u.getPort() > 0,
                "mqtt.broker-url",
                u,
                "an ssl://host:port URL (MQTT over TLS)"));
        Checks.check(
                externalBroker.isEmpty() || (caFile.isPresent() && certFile.isPresent() && keyFile.isPresent()),
                "mqtt.ca-file, mqtt.cert-file, mqtt.key-file",
                "-",
                "all three with mqtt.broker-url");
        Checks.notBlank(clientId, "mqtt.client-id");
    }

    /** Whether telemetry comes from an external broker rather than the embedded one. */
    public boolean isExternal() {
        return externalBroker.isPresent();
    }
}

package io.hallmark.server.app;

import io.hallmark.core.Checks;
import io.hallmark.server.fleetaudit.FleetAuditSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The server's configuration, validated once at start and immutable. {@link ConfigLoader} builds it from defaults,
 * a YAML file, {@code HALLMARK_*} environment variables and command-line flags, in that order of precedence.
 *
 * @param dataDir where the database, vault, certificates and bootstrap token live (default {@code ./data})
 * @param bind the address every listener binds (default 127.0.0.1)
 * @param apiPort operator API, HTTPS (default 8443; 0 picks a free port)
 * @param devicePort device endpoints, HTTPS (default 8444; 0 picks a free port; -1 turns it off)
 * @param mqttPort MQTT over TLS (default 8883; -1 turns it off)
 * @param pkiHttpPort CRLs and OCSP over plain HTTP (default 8080; 0 picks a free port; -1 turns it off)
 * @param dbUrl a JDBC URL; empty for the embedded H2 file database under the data directory
 * @param dbUser database user, if the URL does not carry it
 * @param dbPassword database password (masked in every dump)
 * @param tlsNames extra DNS names or IP addresses for the TLS server certificates
 * @param maxBodyBytes the largest request body the API accepts (default 65536)
 * @param checkpointEntries sign an audit checkpoint after this many new entries (default 1000)
 * @param checkpointSeconds or after this many seconds with new entries (default 60)
 * @param witnessFile a file that receives every checkpoint (JSON Lines), ideally on another volume
 * @param witnessUrl a URL that receives every checkpoint by HTTP POST (JSON)
 * @param pkiPublicUrl the public plain-HTTP base URL of CRLs and OCSP written into every issued certificate
 * @param pkcs11Library a PKCS#11 module (e.g. an HSM's, or SoftHSM2's {@code libsofthsm2.so}): the organizations' CA
 *     keys are then made and used in its token; empty keeps every key in the file vault
 * @param pkcs11Slot the token's slot list index (0: the first slot with a token)
 * @param pkcs11PinFile a file holding the token's user PIN (required with a library)
 * @param fleetAudit the fleet audit's schedule and limits ({@code fleet-audit.interval-hours}, default 24;
 *     {@code fleet-audit.max-admins}, default 3; {@code fleet-audit.firmware-behind-days}, default 30; {@code
 *     fleet-audit.weak-key-blocklist}, default none)
 * @param mqtt where MQTT telemetry comes from: the embedded broker on {@code mqttPort}, or an external broker
 * @param telemetryIntake how fast one device may send telemetry ({@code telemetry.intake-burst}, default 20, and
 *     {@code telemetry.intake-per-second}, default 2)
 */
public record ServerConfig(
        Path dataDir,
        String bind,
        int apiPort,
        int devicePort,
        int mqttPort,
        int pkiHttpPort,
        Optional<String> dbUrl,
        Optional<String> dbUser,
        Optional<String> dbPassword,
        List<String> tlsNames,
        long maxBodyBytes,
        long checkpointEntries,
        long checkpointSeconds,
        Optional<Path> witnessFile,
        Optional<URI> witnessUrl,
        URI pkiPublicUrl,
        Optional<Path> pkcs11Library,
        int pkcs11Slot,
        Optional<Path> pkcs11PinFile,
        FleetAuditSettings fleetAudit,
        Mqtt mqtt,
        io.hallmark.server.behaviour.TelemetryService.IntakeLimit telemetryIntake) {

    /** The configuration with the default telemetry intake limit per device. */
    public ServerConfig(
            Path dataDir,
            String bind,
            int apiPort,
            int devicePort,
            int mqttPort,
            int pkiHttpPort,
            Optional<String> dbUrl,
            Optional<String> dbUser,
            Optional<String> dbPassword,
            List<String> tlsNames,
            long maxBodyBytes,
            long checkpointEntries,
            long checkpointSeconds,
            Optional<Path> witnessFile,
            Optional<URI> witnessUrl,
            URI pkiPublicUrl,
            Optional<Path> pkcs11Library,
            int pkcs11Slot,
            Optional<Path> pkcs11PinFile,
            FleetAuditSettings fleetAudit,
            Mqtt mqtt) {
        this(
                dataDir,
                bind,
                apiPort,
                devicePort,
                mqttPort,
                pkiHttpPort,
                dbUrl,
                dbUser,
                dbPassword,
                tlsNames,
                maxBodyBytes,
                checkpointEntries,
                checkpointSeconds,
                witnessFile,
                witnessUrl,
                pkiPublicUrl,
                pkcs11Library,
                pkcs11Slot,
                pkcs11PinFile,
                fleetAudit,
                mqtt,
                io.hallmark.server.behaviour.TelemetryService.IntakeLimit.DEFAULT);
    }

    /**
     * MQTT telemetry from an external MQTT 5 broker ({@code docs/protocol/telemetry.md}); with no broker URL the
     * embedded broker serves devices on {@code mqtt-port}.
     *
     * @param brokerUrl {@code mqtt.broker-url}: {@code ssl://host:port} of the external broker; empty for the embedded
     * @param caFile {@code mqtt.ca-file}: PEM certificates trusted for the broker's TLS certificate
     * @param certFile {@code mqtt.cert-file}: Hallmark's client certificate chain (PEM)
     * @param keyFile {@code mqtt.key-file}: Hallmark's client key (PEM, unencrypted; keep it readable by the server only)
     * @param clientId {@code mqtt.client-id}: Hallmark's client id at the broker (default {@code hallmark}; one per
     *     replica)
     * @param queueSize {@code mqtt.queue-size}: reports that may wait for the behaviour service, from MQTT and HTTPS
     *     together (the telemetry ingestion queues, which both transports share; default 10000)
     */
    public record Mqtt(
            Optional<URI> brokerUrl,
            Optional<Path> caFile,
            Optional<Path> certFile,
            Optional<Path> keyFile,
            String clientId,
            int queueSize) {
        /** The embedded broker with default settings. */
        public static final Mqtt EMBEDDED =
                new Mqtt(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "hallmark", 10_000);

        /** Checks every value. */
        public Mqtt {
            Checks.notNull(brokerUrl, "mqtt.broker-url");
            brokerUrl.ifPresent(u -> Checks.check(
                    "ssl".equals(u.getScheme()) && u.getHost() != null && u.getPort() > 0,
                    "mqtt.broker-url",
                    u,
                    "an ssl://host:port URL (MQTT over TLS)"));
            Checks.check(
                    brokerUrl.isEmpty() || (caFile.isPresent() && certFile.isPresent() && keyFile.isPresent()),
                    "mqtt.ca-file, mqtt.cert-file, mqtt.key-file",
                    "-",
                    "all three set with mqtt.broker-url");
            Checks.notBlank(clientId, "mqtt.client-id");
            Checks.inRange(queueSize, 1, 1_000_000, "mqtt.queue-size");
        }
    }

    /** Checks every value. */
    public ServerConfig {
        Checks.notNull(dataDir, "data");
        Checks.notBlank(bind, "bind");
        Checks.inRange(apiPort, 0, 65535, "api-port");
        Checks.inRange(devicePort, -1, 65535, "device-port");
        Checks.inRange(mqttPort, -1, 65535, "mqtt-port");
        Checks.notNull(dbUrl, "db");
        dbUrl.ifPresent(u -> Checks.check(
                u.startsWith("jdbc:postgresql://") || u.startsWith("jdbc:h2:"),
                "db",
                u,
                "a jdbc:postgresql:// or jdbc:h2: URL"));
        Checks.inRange(pkiHttpPort, -1, 65535, "pki-http-port");
        tlsNames = List.copyOf(tlsNames);
        Checks.inRange(maxBodyBytes, 1024, 16L * 1024 * 1024, "max-body-bytes");
        Checks.inRange(checkpointEntries, 1, 1_000_000, "audit.checkpoint-entries");
        Checks.inRange(checkpointSeconds, 1, 86_400, "audit.checkpoint-seconds");
        Checks.notNull(pkiPublicUrl, "pki.public-url");
        Checks.check(
                "http".equals(pkiPublicUrl.getScheme()),
                "pki.public-url",
                pkiPublicUrl,
                "a plain http:// URL (relying parties fetch CRLs and OCSP without TLS)");
        Checks.inRange(pkcs11Slot, 0, 1024, "vault.pkcs11-slot");
        Checks.notNull(fleetAudit, "fleet-audit");
        Checks.check(
                pkcs11Library.isEmpty() || pkcs11PinFile.isPresent(),
                "vault.pkcs11-pin-file",
                "-",
                "a file with the token's PIN when vault.pkcs11-library is set");
        Checks.notNull(mqtt, "mqtt");
        witnessUrl.ifPresent(u -> Checks.check(
                "https".equals(u.getScheme()) || "http".equals(u.getScheme()),
                "audit.witness-url",
                u,
                "an http(s) URL"));
    }

    /** The configuration without secrets, for the log. */
    @Override
    public String toString() {
        return "ServerConfig[data=" + dataDir + ", bind=" + bind + ", api-port=" + apiPort + ", device-port="
                + devicePort + ", mqtt-port=" + mqttPort + ", db="
                + dbUrl.map(ServerConfig::maskUrl).orElse("h2 (embedded)")
                + ", db-user=" + dbUser.orElse("-") + ", db-password=" + (dbPassword.isPresent() ? "****" : "-")
                + ", tls-names=" + tlsNames + ", max-body-bytes=" + maxBodyBytes + ", audit.checkpoint-entries="
                + checkpointEntries + ", audit.checkpoint-seconds=" + checkpointSeconds + ", audit.witness-file="
                + witnessFile.map(Path::toString).orElse("-") + ", audit.witness-url="
                + witnessUrl.map(URI::toString).orElse("-") + ", pki.public-url=" + pkiPublicUrl
                + ", vault.pkcs11-library="
                + pkcs11Library.map(Path::toString).orElse("-") + ", fleet-audit.interval="
                + fleetAudit.interval() + ", fleet-audit.max-admins=" + fleetAudit.maxAdmins()
                + ", mqtt.broker-url="
                + mqtt.brokerUrl().map(URI::toString).orElse("embedded") + ", mqtt.queue-size=" + mqtt.queueSize()
                + "]";
    }

    /** Hides a password given inside a JDBC URL. */
    static String maskUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }
}

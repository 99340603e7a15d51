package io.hallmark.cli;

import io.hallmark.server.app.ConfigLoader;
import io.hallmark.server.app.ServerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The server's flags, shared by {@code serve} and {@code demo}; {@code HALLMARK_*} variables mirror them. */
final class ServerOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ./data)")
    String data;

    @Option(names = "--bind", paramLabel = "ADDR", description = "address to listen on (default 127.0.0.1)")
    String bind;

    @Option(names = "--api-port", paramLabel = "PORT", description = "operator API, HTTPS (default 8443)")
    String apiPort;

    @Option(
            names = "--device-port",
            paramLabel = "PORT",
            description = "device endpoints, HTTPS (default 8444; 0: off)")
    String devicePort;

    @Option(names = "--mqtt-port", paramLabel = "PORT", description = "MQTT over TLS (default 8883; 0: off)")
    String mqttPort;

    @Option(
            names = "--pki-http-port",
            paramLabel = "PORT",
            description = "CRLs and OCSP over plain HTTP (default 8080; 0: off)")
    String pkiHttpPort;

    @Option(names = "--db", paramLabel = "URL", description = "JDBC URL (default: embedded H2 in the data directory)")
    String db;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path config;

    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "data", data);
        put(flags, "bind", bind);
        put(flags, "api-port", apiPort);
        put(flags, "device-port", devicePort);
        put(flags, "mqtt-port", mqttPort);
        put(flags, "pki-http-port", pkiHttpPort);
        put(flags, "db", db);
        return flags;
    }

    ServerConfig load(Map<String, String> env, Map<String, String> flags) {
        Optional<Path> file = Optional.ofNullable(config).or(() -> Optional.ofNullable(env.get("HALLMARK_CONFIG"))
                .filter(s -> !s.isBlank())
                .map(Path::of));
        try {
            return ConfigLoader.load(file, env, flags);
        } catch (ConfigLoader.ConfigException e) {
            throw new CliException(2, "configuration: " + e.getMessage());
        }
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}

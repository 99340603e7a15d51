package io.hallmark.cli;

import io.hallmark.server.app.ConfigLoader;
import io.hallmark.server.app.HallmarkServer;
import io.hallmark.server.app.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hallmark serve}: runs the platform until Ctrl-C or SIGTERM. Flags override the YAML file of
 * {@code --config}; {@code HALLMARK_*} environment variables mirror the flags.
 */
@Command(
        name = "serve",
        description = "Run the Hallmark server until Ctrl-C or SIGTERM.",
        mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

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

    @Option(names = "--db", paramLabel = "URL", description = "JDBC URL (default: embedded H2 in the data directory)")
    String db;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path config;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = load(main.env(), flags());
        return run(cfg, main.env(), spec.commandLine().getOut(), null);
    }

    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "data", data);
        put(flags, "bind", bind);
        put(flags, "api-port", apiPort);
        put(flags, "device-port", devicePort);
        put(flags, "mqtt-port", mqttPort);
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

    /**
     * Starts the server, prints where it listens, runs {@code afterStart} (the demo's seeding) and blocks until the
     * process is asked to stop.
     */
    static int run(
            ServerConfig cfg,
            Map<String, String> env,
            PrintWriter out,
            java.util.function.Consumer<HallmarkServer> afterStart) {
        long t0 = System.nanoTime();
        HallmarkServer server;
        try {
            server = HallmarkServer.start(cfg, env);
        } catch (RuntimeException e) {
            throw new CliException(1, "the server did not start: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "hallmark-shutdown"));
        Path data = cfg.dataDir().toAbsolutePath().normalize();
        out.printf("Hallmark is ready (%d ms).%n", (System.nanoTime() - t0) / 1_000_000);
        out.printf("  operator API     %s   (OpenAPI: %s/api/v1/openapi.json)%n", server.apiUrl(), server.apiUrl());
        server.devicePort().ifPresent(p -> out.printf("  device endpoints https://%s:%d%n", cfg.bind(), p));
        out.printf("  trust anchor     %s%n", data.resolve(HallmarkServer.CA_FILE));
        out.printf("  admin token      %s%n", data.resolve(HallmarkServer.ADMIN_TOKEN_FILE));
        out.printf("  try:             ./hallmark whoami --data %s%n", cfg.dataDir());
        out.flush();
        if (afterStart != null) {
            afterStart.accept(server);
            out.flush();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}

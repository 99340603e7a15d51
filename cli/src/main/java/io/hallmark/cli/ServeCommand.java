package io.hallmark.cli;

import io.hallmark.server.app.HallmarkServer;
import io.hallmark.server.app.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

    @Mixin
    ServerOptions options = new ServerOptions();

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = options.load(main.env(), options.flags());
        return run(cfg, main.env(), spec.commandLine().getOut(), null, true);
    }

    /**
     * Starts the server, prints where it listens, runs {@code afterStart} (the demo's seeding) and, when {@code block},
     * waits until the process is asked to stop (Ctrl-C, SIGTERM); otherwise stops the server and returns.
     */
    static int run(
            ServerConfig cfg,
            Map<String, String> env,
            PrintWriter out,
            java.util.function.Consumer<HallmarkServer> afterStart,
            boolean block) {
        long t0 = System.nanoTime();
        HallmarkServer server;
        try {
            server = HallmarkServer.start(cfg, env);
        } catch (RuntimeException e) {
            throw new CliException(1, "the server did not start: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    server.close();
                    stopped.countDown();
                },
                "hallmark-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Path data = cfg.dataDir().toAbsolutePath().normalize();
        out.printf("Hallmark is ready (%d ms).%n", (System.nanoTime() - t0) / 1_000_000);
        out.printf("  operator API     %s   (OpenAPI: %s/api/v1/openapi.json)%n", server.apiUrl(), server.apiUrl());
        server.devicePort().ifPresent(p -> out.printf("  device endpoints https://%s:%d%n", cfg.bind(), p));
        server.mqttPort().ifPresent(p -> out.printf("  MQTT telemetry   mqtts://%s:%d%n", cfg.bind(), p));
        out.printf("  trust anchor     %s%n", data.resolve(HallmarkServer.CA_FILE));
        out.printf("  admin token      %s%n", data.resolve(HallmarkServer.ADMIN_TOKEN_FILE));
        out.printf("  try:             ./hallmark whoami --data %s%n", cfg.dataDir());
        out.flush();
        if (afterStart != null) {
            afterStart.accept(server);
            out.flush();
        }
        if (!block) {
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
            return 0;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}

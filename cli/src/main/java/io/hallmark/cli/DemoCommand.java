package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.keys.OwnerOnlyFiles;
import io.hallmark.server.app.HallmarkServer;
import io.hallmark.server.app.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hallmark demo}: the platform on the embedded store with example organizations and users, made through
 * the real API (so every step is authorized and audited), running until Ctrl-C. Its data lives in
 * {@code ./demo-data} unless {@code --data} says otherwise; a second run reuses it.
 */
@Command(
        name = "demo",
        description = "Run the platform with an example manufacturer and owner and their users, until Ctrl-C.",
        mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions serve = new ServerOptions();

    @Option(names = "--seed-only", description = "seed the example data, print it, and stop (for scripts and tests)")
    boolean seedOnly;

    @Option(
            names = "--fleet",
            paramLabel = "N",
            description = "Simulated devices reporting telemetry, with a wave of attackers (default 1000; 0: none).")
    int fleet = 1000;

    @Option(names = "--compromise", paramLabel = "PCT", description = "Percent of the fleet that attacks (default 5).")
    double compromise = 5;

    @Option(
            names = "--attack-after",
            paramLabel = "S",
            description = "Seconds before the wave of attackers (default 150: after the baselines are learned).")
    int attackAfter = 150;

    /** A person of the demo: who they are and what they may do. */
    private record Person(String name, String org, List<String> roles, String does) {}

    private static final List<Person> PEOPLE = List.of(
            new Person("alice", "Acme Devices", List.of("admin"), "manages Acme's users and tokens"),
            new Person("sam", "Acme Devices", List.of("security-officer"), "may take break-glass admin rights"),
            new Person("rita", "Acme Devices", List.of("release-manager"), "will publish firmware"),
            new Person("olivia", "Northwind Facilities", List.of("admin"), "manages Northwind's users"),
            new Person("oscar", "Northwind Facilities", List.of("operator"), "runs the fleet day to day"),
            new Person("aude", "Northwind Facilities", List.of("auditor"), "reads and verifies the audit log"));

    @Override
    public Integer call() {
        Map<String, String> flags = serve.flags();
        flags.putIfAbsent("data", "./demo-data");
        ServerConfig cfg = serve.load(main.env(), flags);
        PrintWriter out = spec.commandLine().getOut();
        return ServeCommand.run(cfg, main.env(), out, server -> seed(server, cfg.dataDir(), out), !seedOnly);
    }

    private void seed(HallmarkServer server, Path data, PrintWriter out) {
        Path dir = data.toAbsolutePath().normalize();
        String admin = read(dir.resolve(HallmarkServer.ADMIN_TOKEN_FILE));
        ApiClient api = new ApiClient(new Connection(
                URI.create(server.apiUrl()), Optional.of(admin), Optional.of(dir.resolve(HallmarkServer.CA_FILE))));
        Map<String, String> orgIds = new LinkedHashMap<>();
        orgIds.put("Acme Devices", ensureOrg(api, "Acme Devices", "manufacturer"));
        orgIds.put("Northwind Facilities", ensureOrg(api, "Northwind Facilities", "owner"));
        Path tokens = dir.resolve("demo-tokens");
        try {
            Files.createDirectories(tokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Person p : PEOPLE) {
            Path tokenFile = tokens.resolve(p.name() + ".token");
            if (Files.exists(tokenFile)) {
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("org", orgIds.get(p.org()));
            body.put("name", p.name());
            body.put("roles", p.roles());
            JsonNode created = Json.read(api.post("/api/v1/users", body).body());
            writeSecret(tokenFile, created.at("/token/token").asText() + "\n");
        }
        seedFleet(api, server, dir, orgIds, out);
        out.println();
        out.println("Example organizations and people (each with an API token in " + tokens + "):");
        for (Person p : PEOPLE) {
            out.printf("  %-8s %-22s %-18s %s%n", p.name(), p.org(), String.join(",", p.roles()), p.does());
        }
        out.println();
        out.println("Try, in another terminal:");
        out.printf("  ./hallmark org list --data %s%n", data);
        out.printf(
                "  ./hallmark whoami --url %s --ca-file %s --token-file %s%n",
                server.apiUrl(), dir.resolve(HallmarkServer.CA_FILE), tokens.resolve("oscar.token"));
        out.printf(
                "  ./hallmark access break-glass --reason \"incident 1: admin away\" --minutes 15"
                        + " --url %s --ca-file %s --token-file %s%n",
                server.apiUrl(), dir.resolve(HallmarkServer.CA_FILE), tokens.resolve("sam.token"));
        out.printf("  ./hallmark device list --org \"Northwind Facilities\" --data %s%n", data);
        out.printf("  ./hallmark device show CAM-0001 --data %s%n", data);
        out.printf("  ./hallmark audit list --data %s%n", data);
        out.printf("  ./hallmark audit verify --data %s%n", data);
        out.println("Stop with Ctrl-C.");
        out.flush();
        if (fleet > 0 && !seedOnly && server.devicePort().isPresent()) {
            URI deviceUrl =
                    URI.create("https://127.0.0.1:" + server.devicePort().get());
            DemoFleet demo = new DemoFleet(api, deviceUrl, dir.resolve(HallmarkServer.CA_FILE), dir, out);
            Thread t = new Thread(
                    () -> {
                        try {
                            demo.run(fleet, compromise, 10, attackAfter);
                        } catch (RuntimeException e) {
                            out.println("[fleet] stopped: " + e.getMessage());
                            out.flush();
                        }
                    },
                    "demo-fleet");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * A small simulated fleet, made once: Acme's camera product, six devices born at Acme's factory (keys made here,
     * written under {@code fleet/}), four sold to Northwind by voucher and enrolled over EST with their birth
     * certificates by the Java agent, one of them quarantined.
     */
    private static void seedFleet(
            ApiClient api, HallmarkServer server, Path dir, Map<String, String> orgIds, PrintWriter out) {
        Path fleet = dir.resolve("fleet");
        if (Files.exists(fleet) || server.devicePort().isEmpty()) {
            return;
        }
        String acme = orgIds.get("Acme Devices");
        String northwind = orgIds.get("Northwind Facilities");
        String productId = Json.read(api.post(
                                "/api/v1/products",
                                Map.of(
                                        "org",
                                        acme,
                                        "model",
                                        "cam-200",
                                        "name",
                                        "Outdoor Camera 200",
                                        "supportUntil",
                                        "2031-12-31"))
                        .body())
                .get("id")
                .asText();
        Map<String, io.hallmark.agent.Agent> agents = new LinkedHashMap<>();
        List<Map<String, String>> requests = new java.util.ArrayList<>();
        Map<String, java.security.KeyPair> keys = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            String sn = String.format("CAM-%04d", i);
            java.security.KeyPair kp = FactoryCommand.Issue.newKey();
            keys.put(sn, kp);
            requests.add(Map.of("csr", FactoryCommand.Issue.csr(kp, sn)));
        }
        JsonNode issued = Json.read(
                api.post("/api/v1/factory/issue", Map.of("org", acme, "product", "cam-200", "requests", requests))
                        .body());
        URI deviceUrl = URI.create("https://127.0.0.1:" + server.devicePort().get());
        int i = 0;
        for (JsonNode item : issued.get("devices")) {
            String sn = item.at("/device/serial").asText();
            Path state = fleet.resolve(sn);
            try {
                Files.createDirectories(state);
                Files.writeString(
                        state.resolve("idevid.pem"), item.get("certificate").asText());
                OwnerOnlyFiles.replace(
                        state.resolve("idevid.key"),
                        o -> o.write(io.hallmark.core.Pem.encode(
                                        "PRIVATE KEY", keys.get(sn).getPrivate().getEncoded())
                                .getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (i++ < 4) {
                api.post("/api/v1/vouchers", Map.of("org", acme, "serial", sn, "owner", northwind));
                io.hallmark.agent.Agent agent = io.hallmark.agent.Agent.builder()
                        .stateDirectory(state)
                        .server(deviceUrl)
                        .trustAnchor(dir.resolve(HallmarkServer.CA_FILE))
                        .serial(sn)
                        .build();
                agent.enroll();
                agents.put(sn, agent);
            }
        }
        api.post(
                "/api/v1/devices/" + keys.keySet().iterator().next() + "/quarantine",
                Map.of("reason", "demo: unexpected telnet listener"));
        out.println();
        out.println("A simulated fleet (keys and certificates in " + fleet + "): Acme's cam-200, six devices born at"
                + " the factory, four sold to Northwind and enrolled over EST, CAM-0001 quarantined.");
        String quarantined = agents.keySet().iterator().next();
        agents.remove(quarantined);
        new DemoStory(api, out).run(acme, northwind, productId, "cam-200", agents, "CAM-0004");
    }

    static String ensureOrg(ApiClient api, String name, String kind) {
        try {
            return Json.read(api.get("/api/v1/organizations/" + name.replace(" ", "%20"))
                            .body())
                    .get("id")
                    .asText();
        } catch (CliException e) {
            if (e.exitCode() != CliException.NOT_FOUND) {
                throw e;
            }
        }
        Map<String, Object> body = Map.of("name", name, "kinds", List.of(kind));
        return Json.read(api.post("/api/v1/organizations", body).body())
                .get("id")
                .asText();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new CliException(CliException.FAILED, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void writeSecret(Path file, String text) {
        try {
            OwnerOnlyFiles.replace(file, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

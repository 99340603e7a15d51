package io.hallmark.cli;

import io.hallmark.agent.sim.Attack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hallmark simulate}: a fleet of simulated devices onboarded through the real path, reporting telemetry, some
 * turning into attackers; prints what behaviour monitoring detected and quarantined, and how fast.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Run simulated devices through factory, voucher and EST enrollment, report telemetry, turn some"
                + " into attackers, and print the detection report.")
final class SimulateCommand extends ApiCommand {
    /** The file in a data directory that holds the device port's URL. */
    static final String DEVICE_URL_FILE = io.hallmark.server.app.HallmarkServer.DEVICE_URL_FILE;

    @Option(names = "--devices", paramLabel = "N", description = "How many devices (default 100).")
    int devices = 100;

    @Option(names = "--interval", paramLabel = "S", description = "Seconds between reports (default 10).")
    int interval = 10;

    @Option(names = "--compromise", paramLabel = "PCT", description = "Percent of devices that attack (default 0).")
    double compromise;

    @Option(names = "--attack", paramLabel = "KIND", description = "flood (default), scan, telnet or exfil.")
    String attack = "flood";

    @Option(
            names = "--at",
            paramLabel = "T",
            description = "Seconds after the start when attackers turn (default: 14 intervals, after the warm-up).")
    Integer at;

    @Option(names = "--duration", paramLabel = "D", description = "Seconds of reporting (default: --at + 6 intervals).")
    Integer duration;

    @Option(
            names = "--transport",
            paramLabel = "T",
            description =
                    "https (default), or mqtt: MQTT 5 over TLS with the device's certificate to the embedded broker.")
    String transport = "https";

    @Option(
            names = "--mqtt-url",
            paramLabel = "URL",
            description = "The MQTT broker, ssl://HOST:8883 (default: from --data).")
    String mqttUrl;

    @Option(names = "--manufacturer", paramLabel = "ORG", description = "Default: Sim Devices.")
    String manufacturer = "Sim Devices";

    @Option(names = "--owner", paramLabel = "ORG", description = "Default: Sim Owner.")
    String owner = "Sim Owner";

    @Option(names = "--product", paramLabel = "MODEL", description = "Default: sim-cam.")
    String product = "sim-cam";

    @Option(
            names = "--no-quarantine",
            description = "Do not set the owner's policy to quarantine automatically (alerts only).")
    boolean noQuarantine;

    @Option(
            names = "--device-url",
            paramLabel = "URL",
            description = "The device port, https://HOST:8444 (default: from --data).")
    String deviceUrl;

    @Option(names = "--work", paramLabel = "DIR", description = "Where device identities go (default: a temp dir).")
    Path work;

    @Option(
            names = "--attest",
            description = "Every device attests once at boot (remote attestation); implied by the options below.")
    boolean attest;

    @Option(
            names = "--default-password",
            paramLabel = "N",
            description = "N devices (the last of the fleet) keep a factory default root password; their reports'"
                    + " account check shows it, never the password (docs/protocol/telemetry.md).")
    int defaultPasswords;

    @Option(names = "--tamper", paramLabel = "N", description = "N devices attest with a tampered kernel.")
    int tamper;

    @Option(names = "--debug-on", paramLabel = "N", description = "N devices attest with debug enabled.")
    int debugOn;

    @Option(names = "--replay-nonce", paramLabel = "N", description = "N devices replay a used nonce.")
    int replay;

    @Option(names = "--stale-evidence", paramLabel = "N", description = "N devices send stale evidence.")
    int stale;

    @Option(names = "--foreign-key", paramLabel = "N", description = "N devices sign with a key not theirs.")
    int foreignKey;

    @Override
    int execute() {
        if (devices < 1 || devices > 200_000) {
            throw CliException.badInput("--devices: " + devices + " (expected: 1..200000)");
        }
        if (interval < 1 || interval > 3600) {
            throw CliException.badInput("--interval: " + interval + " (expected: 1..3600)");
        }
        if (compromise < 0 || compromise > 100) {
            throw CliException.badInput("--compromise: " + compromise + " (expected: 0..100)");
        }
        if (!transport.equals("https") && !transport.equals("mqtt")) {
            throw CliException.badInput("--transport: " + transport + " (expected: https or mqtt)");
        }
        Attack kind;
        try {
            kind = Attack.parse(attack);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--" + e.getMessage());
        }
        int turn = at == null ? 14 * interval : at;
        int length = duration == null ? turn + 6 * interval : duration;
        if (turn < 0 || length < 1 || length > 86_400) {
            throw CliException.badInput("--at and --duration: 0 <= at, 1 <= duration <= 86400");
        }
        Connection c = connection.resolve(env(), true);
        Path ca = c.caFile()
                .orElseThrow(() -> CliException.badInput("--ca-file: required (the platform CA devices trust)"));
        URI device = URI.create(Optional.ofNullable(deviceUrl)
                .or(() -> Optional.ofNullable(connection.data)
                        .map(d -> d.resolve(DEVICE_URL_FILE))
                        .filter(Files::exists)
                        .map(SimulateCommand::firstLine))
                .orElseThrow(() -> CliException.badInput("--device-url: required (or --data DIR of the server)")));
        Path dir;
        try {
            dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("hallmark-sim");
        } catch (IOException e) {
            throw CliException.badInput("--work: " + work + " cannot be made (" + e.getMessage() + ")");
        }
        for (int n : new int[] {tamper, debugOn, replay, stale, foreignKey}) {
            if (n < 0 || n > devices) {
                throw CliException.badInput("attestation misbehaviours: 0.." + devices + " devices each");
            }
        }
        Simulation.Attestations misbehaving = new Simulation.Attestations(tamper, debugOn, replay, stale, foreignKey);
        Simulation sim = new Simulation(client(), device, ca, json ? null : out());
        if (transport.equals("mqtt")) {
            sim.overMqtt(
                    URI.create(
                            Optional.ofNullable(mqttUrl)
                                    .or(() -> Optional.ofNullable(connection.data)
                                            .map(d -> d.resolve(io.hallmark.server.app.HallmarkServer.MQTT_URL_FILE))
                                            .filter(Files::exists)
                                            .map(SimulateCommand::firstLine))
                                    .orElseThrow(
                                            () -> CliException.badInput(
                                                    "--mqtt-url: required with --transport mqtt (or --data DIR of a server with its broker)"))));
        }
        Simulation.Settings settings = new Simulation.Settings(
                devices,
                interval,
                compromise,
                kind,
                turn,
                length,
                manufacturer,
                owner,
                product,
                !noQuarantine,
                dir,
                defaultPasswords);
        Simulation.Fleet fleet = sim.enroll(settings);
        Simulation.AttestationReport attested = null;
        if (attest || misbehaving.total() > 0) {
            int attackers = (int) Math.round(devices * compromise / 100.0);
            attested = sim.attest(settings, fleet, attackers, misbehaving);
        }
        Simulation.Result r = sim.report(settings, fleet);
        print(r, attested);
        return 0;
    }

    private void print(Simulation.Result r, Simulation.AttestationReport a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("devices", r.devices());
        m.put("compromised", r.compromised());
        m.put("detected", r.detected());
        m.put("quarantined", r.quarantined());
        m.put("detectionMillisP50", r.percentile(r.detectionMillis(), 0.50));
        m.put("detectionMillisP95", r.percentile(r.detectionMillis(), 0.95));
        m.put("detectionMillisP99", r.percentile(r.detectionMillis(), 0.99));
        m.put("quarantineMillisP50", r.percentile(r.quarantineMillis(), 0.50));
        m.put("quarantineMillisP95", r.percentile(r.quarantineMillis(), 0.95));
        m.put("quarantineMillisP99", r.percentile(r.quarantineMillis(), 0.99));
        m.put("falsePositives", r.falsePositives());
        m.put("healthyQuarantined", r.healthyQuarantined());
        m.put("reportsSent", r.reportsSent());
        m.put("reportsRefused", r.reportsRefused());
        m.put("transport", transport);
        if (transport.equals("mqtt")) {
            m.put("cutOffNotified", r.cutOffNotified());
        }
        if (a != null) {
            Map<String, Object> at = new LinkedHashMap<>();
            at.put("byStatus", a.byStatus());
            at.put("findings", a.findings());
            at.put("tampered", a.tampered().size());
            at.put("contraindicated", a.contraindicated().size());
            at.put("contraindicatedAreExactlyTheTampered", a.contraindicated().equals(a.tampered()));
            m.put("attestation", at);
        }
        if (json) {
            out().println(Json.write(m));
            return;
        }
        out().println("detection report");
        m.forEach((k, v) -> out().printf("  %-22s %s%n", k, v));
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).get(0).strip();
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new UncheckedIOException(new IOException(file + ": no URL in it"));
        }
    }
}

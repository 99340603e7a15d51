package io.hallmark.cli;

import io.hallmark.agent.Agent;
import io.hallmark.agent.AgentStatus;
import io.hallmark.agent.AttestationOutcome;
import io.hallmark.agent.EstException;
import io.hallmark.agent.Firmware;
import io.hallmark.protocol.attestation.DebugStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hallmark agent enroll|renew|status|update}: the Java device agent run from the command line, for a device (or
 * a simulated one) with its identity in {@code --state DIR}. It speaks EST and TUF to the device port, not the
 * operator API.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = "The device agent: enroll over EST, renew before expiry, show the identity's status.",
        subcommands = {
            AgentCommand.Onboard.class,
            AgentCommand.Enroll.class,
            AgentCommand.Renew.class,
            AgentCommand.Status.class,
            AgentCommand.Attest.class,
            AgentCommand.Update.class
        })
final class AgentCommand extends GroupCommand {

    /** Where the identity lives and how the device port is reached. */
    static final class AgentOptions {
        @Option(
                names = "--state",
                required = true,
                paramLabel = "DIR",
                description = "The device's state directory (key.pem, cert.pem, chain.pem; idevid.pem optional).")
        Path state;

        @Option(names = "--url", paramLabel = "URL", description = "The device port, https://HOST:8444.")
        URI url;

        @Option(names = "--ca", paramLabel = "FILE", description = "The platform CA (PEM) the server must chain to.")
        Path ca;

        @Option(
                names = "--serial",
                paramLabel = "SN",
                description = "The device's serial (default: the one its certificate names).")
        String serial;

        @Option(names = "--label", paramLabel = "ORG", description = "The owner organization, as EST label.")
        String label;

        @Option(
                names = "--attempts",
                paramLabel = "N",
                defaultValue = "10",
                description = "How often a request waiting for approval is sent (default: ${DEFAULT-VALUE}).")
        int attempts;

        Agent agent(boolean network) {
            Agent.Builder b = Agent.builder().stateDirectory(state).maxAttempts(attempts);
            if (network) {
                if (url == null || ca == null) {
                    throw CliException.badInput("--url and --ca: required to reach the device port");
                }
                b.server(url).trustAnchor(ca);
            }
            if (serial != null) {
                b.serial(serial);
            }
            if (label != null) {
                b.label(label);
            }
            return b.build();
        }
    }

    /** Runs one agent operation and maps its failures to the CLI's exit codes. */
    abstract static class AgentAct implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions options;

        abstract int execute();

        @Override
        public final Integer call() {
            try {
                return execute();
            } catch (ParameterException e) {
                throw e;
            } catch (CliException e) {
                return fail(e.getMessage(), e.exitCode());
            } catch (EstException e) {
                int code =
                        switch (e.reason()) {
                            case UNAUTHORIZED, FORBIDDEN -> CliException.REFUSED;
                            default -> CliException.FAILED;
                        };
                return fail(e.getMessage(), code);
            } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
                return fail(e.getMessage(), CliException.USAGE);
            } finally {
                out().flush();
            }
        }

        private int fail(String message, int exitCode) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("hallmark: " + message);
            err.flush();
            return exitCode;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void print(AgentStatus s) {
            PrintWriter out = out();
            out.println("state: "
                    + s.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            out.println("serial: " + s.serial().orElse("(unknown)"));
            if (s.certificateSerial().isPresent()) {
                out.println("certificate: " + s.certificateSerial().get() + ", issued by "
                        + s.issuer().orElse("?"));
                out.println("valid: " + s.notBefore().map(Instant::toString).orElse("?") + " to "
                        + s.notAfter().map(Instant::toString).orElse("?"));
                out.println("renew from: " + s.renewAt().map(Instant::toString).orElse("?"));
            }
            out.println("owner chain: " + (s.chainPresent() ? "present" : "missing"));
            out.println("birth certificate: " + (s.birthCertificate() ? "present" : "none"));
            if (s.requestPending()) {
                out.println("a request is pending (a new key waits for its certificate)");
            }
        }
    }

    @Command(
            name = "onboard",
            mixinStandardHelpOptions = true,
            description = "BRSKI: request a voucher with the birth certificate, check it against the manufacturer's"
                    + " root (masa-anchor.pem in the state directory, or --masa-anchor), then enroll over EST.")
    static final class Onboard extends AgentAct {
        @Option(
                names = "--masa-anchor",
                paramLabel = "PEM",
                description = "The manufacturer's root, copied into the state directory as masa-anchor.pem.")
        Path masaAnchor;

        @Override
        int execute() {
            if (masaAnchor != null) {
                try {
                    Files.createDirectories(options.state);
                    Files.copy(
                            masaAnchor,
                            options.state.resolve("masa-anchor.pem"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw CliException.badInput("--masa-anchor: " + masaAnchor + " cannot be copied", e);
                }
            }
            AgentStatus status = options.agent(true).onboard();
            out().println("onboarded: voucher accepted, enrolled");
            print(status);
            return 0;
        }
    }

    @Command(
            name = "enroll",
            mixinStandardHelpOptions = true,
            description = "Enroll with a one-time secret (--secret-file) or, without one, the birth certificate.")
    static final class Enroll extends AgentAct {
        @Option(
                names = "--secret-file",
                paramLabel = "FILE",
                description = "A file holding the one-time enrollment secret from 'hallmark device add'.")
        Path secretFile;

        @Override
        int execute() {
            Agent agent = options.agent(true);
            AgentStatus status = secretFile == null ? agent.enroll() : agent.enroll(readSecret(secretFile));
            out().println("enrolled");
            print(status);
            return 0;
        }

        private static String readSecret(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw CliException.badInput("--secret-file: " + file + " cannot be read (" + e.getMessage() + ")");
            }
        }
    }

    @Command(
            name = "renew",
            mixinStandardHelpOptions = true,
            description = "Renew the operational certificate with a new key if due (a third of its validity left).")
    static final class Renew extends AgentAct {
        @Option(names = "--force", description = "Renew now, even if not due.")
        boolean force;

        @Override
        int execute() {
            Agent agent = options.agent(true);
            if (force) {
                agent.renew();
                out().println("renewed");
            } else {
                out().println(agent.renewIfDue() ? "renewed" : "not due");
            }
            print(agent.status());
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show the identity in the state directory (no network).")
    static final class Status extends AgentAct {
        @Override
        int execute() {
            print(options.agent(false).status());
            return 0;
        }
    }

    @Command(
            name = "attest",
            mixinStandardHelpOptions = true,
            description = "Measure the (simulated) firmware and attest: nonce, signed evidence, the platform's result;"
                    + " with --every, repeat on an interval.")
    static final class Attest extends AgentAct {
        @Option(names = "--swname", defaultValue = "hallmark-agent", description = "Software name (swname).")
        String swname;

        @Option(names = "--swversion", defaultValue = "1.0.0", description = "Software version (swversion).")
        String swversion;

        @Option(names = "--hwmodel", paramLabel = "MODEL", description = "The product model (hwmodel).")
        String hwmodel;

        @Option(names = "--debug-on", description = "Report debug as enabled (dbgstat).")
        boolean debugOn;

        @Option(
                names = "--tamper",
                paramLabel = "COMPONENT",
                description = "Report a changed image of this component (bootloader, kernel or application).")
        String tamper;

        @Option(
                names = "--every",
                paramLabel = "SECONDS",
                description = "Attest again after this many seconds, --rounds times.")
        Long every;

        @Option(names = "--rounds", defaultValue = "1", paramLabel = "N", description = "How many attestations.")
        int rounds;

        @Override
        int execute() {
            Firmware firmware = Firmware.simulated(swname, swversion, java.util.Optional.ofNullable(hwmodel));
            if (tamper != null) {
                if (!firmware.images().containsKey(tamper)) {
                    throw CliException.badInput(
                            "--tamper: " + tamper + " (expected: bootloader, kernel or application)");
                }
                firmware = firmware.tampered(tamper);
            }
            if (debugOn) {
                firmware = firmware.withDebug(DebugStatus.ENABLED);
            }
            Agent agent = options.agent(true);
            java.util.List<AttestationOutcome> outcomes;
            try {
                outcomes = agent.attestEvery(
                        firmware, java.time.Duration.ofSeconds(every == null ? 0 : every), Math.max(1, rounds));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.badInput("interrupted");
            }
            int code = 0;
            for (AttestationOutcome o : outcomes) {
                if (o.refused()) {
                    out().println("refused: " + String.join(", ", o.findingIds()));
                    code = CliException.REFUSED;
                } else {
                    out().println("status: " + o.status().wire());
                    o.findings().forEach(f -> out().println(
                                    "  " + f.id() + " [" + f.severity().wire() + "]"));
                }
            }
            return code;
        }
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = "One update check: the TUF client workflow against the manufacturer's repository, then the"
                    + " newest release for this model and hardware installed into simulated A/B slots.")
    static final class Update extends AgentAct {
        @Option(names = "--manufacturer", required = true, paramLabel = "ORG", description = "Whose repository.")
        String manufacturer;

        @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The device's product model.")
        String model;

        @Option(names = "--hardware", required = true, paramLabel = "REV", description = "Its hardware revision.")
        String hardware;

        @Option(
                names = "--product",
                paramLabel = "ID",
                description = "The product id (prd_...): needed when the model has characters outside [A-Za-z0-9._+-],"
                        + " whose releases are filed under the product id.")
        String product;

        @Option(
                names = "--root",
                paramLabel = "FILE",
                description = "The trusted root to start from (copied to STATE/tuf/root.json when none is there).")
        Path root;

        @Option(
                names = "--factory-version",
                paramLabel = "V",
                defaultValue = "0",
                description = "The version of slot A when the slots are new (default: ${DEFAULT-VALUE}).")
        String factoryVersion;

        @Option(
                names = "--assigned",
                description = "Install only what the device's signed rollout assignment names, and report the outcome"
                        + " (needs the enrolled identity in STATE).")
        boolean assigned;

        @Option(
                names = "--assignment-key",
                paramLabel = "FILE",
                description = "The platform's assignment key (PEM) to pin (default: the one pinned in STATE, else"
                        + " fetched once from the device port).")
        Path assignmentKey;

        @Option(
                names = "--every",
                paramLabel = "MINUTES",
                description = "Keep checking: every MINUTES (at least 1) with 10% jitter, backing off after failures.")
        Integer every;

        @Option(
                names = "--checks",
                paramLabel = "N",
                defaultValue = "-1",
                description = "With --every: stop after N checks (default: never).")
        int checks;

        @Override
        int execute() {
            if (options.url == null || options.ca == null) {
                throw CliException.badInput("--url and --ca: required to reach the device port");
            }
            if (every != null && every < 1) {
                throw CliException.badInput("--every: at least 1 minute");
            }
            Path tuf = options.state.resolve("tuf");
            try {
                Files.createDirectories(tuf);
                if (!Files.exists(tuf.resolve("root.json"))) {
                    if (root == null) {
                        throw CliException.badInput("--root: required until the device has a trusted root");
                    }
                    Files.copy(root, tuf.resolve("root.json"));
                }
            } catch (IOException e) {
                throw CliException.badInput("--root: " + root + " cannot be copied (" + e.getMessage() + ")", e);
            }
            io.hallmark.agent.update.SimulatedInstaller slots = new io.hallmark.agent.update.SimulatedInstaller(
                    options.state.resolve("slots"), factoryVersion, image -> image.length > 0);
            URI repository = options.url.resolve("/tuf/" + ApiClient.segment(manufacturer) + "/");
            io.hallmark.agent.update.UpdateCheck check = new io.hallmark.agent.update.UpdateCheck(
                    tuf,
                    repository,
                    CaTrust.sslContext(options.ca),
                    java.time.Clock.systemUTC(),
                    model,
                    java.util.Optional.ofNullable(product),
                    hardware,
                    slots);
            if (every != null) {
                new io.hallmark.agent.update.UpdateLoop(
                                () -> {
                                    io.hallmark.agent.update.UpdateCheck.Outcome o = once(check, tuf);
                                    print(o, slots);
                                    return o;
                                },
                                new io.hallmark.agent.update.UpdateSchedule(
                                        java.time.Duration.ofMinutes(every), 0.1, new java.util.SplittableRandom()),
                                java.time.Duration.ofSeconds(30),
                                java.time.Duration.ofMinutes(every),
                                new java.util.SplittableRandom(),
                                java.time.Clock.systemUTC(),
                                io.hallmark.agent.update.UpdateLoop.SLEEP)
                        .run(checks);
                return 0;
            }
            io.hallmark.agent.update.UpdateCheck.Outcome o = once(check, tuf);
            print(o, slots);
            return switch (o.result()) {
                case "installed", "up-to-date", "no-assignment", "cancelled" -> 0;
                case "refused" -> CliException.REFUSED;
                default -> CliException.FAILED;
            };
        }

        private void print(
                io.hallmark.agent.update.UpdateCheck.Outcome o, io.hallmark.agent.update.SimulatedInstaller slots) {
            out().println(o.result()
                    + (o.version() == null ? "" : " " + o.version())
                    + (o.detail().isEmpty() ? "" : ": " + o.detail()));
            out().println("running: " + slots.currentVersion() + " (slot " + slots.activeSlot() + ")");
            out().flush();
        }

        private io.hallmark.agent.update.UpdateCheck.Outcome once(
                io.hallmark.agent.update.UpdateCheck check, Path tuf) {
            io.hallmark.agent.update.UpdateCheck.Outcome o;
            if (assigned) {
                javax.net.ssl.SSLContext mtls = options.agent(true).deviceTls();
                java.security.PublicKey key =
                        AssignmentKeys.pinned(tuf.resolve("assignment-key.pem"), assignmentKey, options.url, mtls);
                try {
                    o = new io.hallmark.agent.update.AssignedUpdate(
                                    new io.hallmark.agent.update.AssignmentClient(
                                            options.url, mtls, key, java.time.Clock.systemUTC()),
                                    check)
                            .run()
                            .orElse(new io.hallmark.agent.update.UpdateCheck.Outcome("no-assignment", null, ""));
                } catch (IOException | io.hallmark.core.UntrustedInputException e) {
                    throw CliException.badInput("assignment: " + e.getMessage(), e);
                }
            } else {
                o = check.run();
            }
            return o;
        }
    }
}

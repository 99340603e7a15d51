package io.hallmark.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code hallmark} command line: {@code ./hallmark <command>}.
 *
 * <p>Exit codes: 0 done; 1 failed (a server error, an unexpected answer, the server cannot be reached); 2 usage
 * error or bad local input; 3 refused (HTTP 401, 403); 4 not found (HTTP 404). The commands that call the server
 * take {@code --url}, {@code --token-file}, {@code --ca-file} or {@code --data DIR} (see {@code ConnectionOptions})
 * and {@code --json}, which prints the server's answer as it is.
 *
 * <p>Run in-process with {@code new CommandLine(new Main()).execute(args)}.
 */
@Command(
        name = "hallmark",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "The Hallmark IoT trust platform.",
        subcommands = {
            // append further top-level commands here
            ServeCommand.class,
            DemoCommand.class,
            OrgCommand.class,
            UserCommand.class,
            TokenCommand.class,
            AccessCommand.class,
            WhoamiCommand.class,
            AuditCommand.class,
            ProductCommand.class,
            FactoryCommand.class,
            DeviceCommand.class,
            VoucherCommand.class,
            LabelCommand.class,
            ReleaseCommand.class,
            RolloutCommand.class,
            UpdateCommand.class,
            TrustCommand.class,
            MudCommand.class,
            AttestCommand.class,
            AssessCommand.class,
            AgentCommand.class,
            AlertCommand.class,
            AlertCommand.Incidents.class,
            FleetAuditCommand.class,
            SimulateCommand.class,
            WebhookCommand.class,
            VulnCommand.class,
            CraCommand.class,
            RiskCommand.class,
        })
public final class Main implements Callable<Integer> {
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    /** The command line, reading the process environment. */
    public Main() {
        this(System.getenv());
    }

    /** The command line, reading {@code env} instead of the process environment (for embedding and tests). */
    public Main(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Runs {@code hallmark args} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    Map<String, String> env() {
        return env;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command");
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hallmark " + (v == null ? "(development build)" : v)};
        }
    }
}

package io.hallmark.cli;

import io.hallmark.assurance.Assessment;
import io.hallmark.assurance.AssessmentTool;
import io.hallmark.assurance.AttackPotentialResult;
import io.hallmark.assurance.ProfileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hallmark assess FILE.yaml [--json] [--report OUT.html|OUT.pdf]} and {@code hallmark assess attack-potential ...}:
 * the offline product risk assessment (module {@code assurance}); no server is involved.
 */
@Command(
        name = "assess",
        mixinStandardHelpOptions = true,
        description = "Assess a product profile offline: attack potential, risk, catalog coverage and the trust label"
                + " level it reaches. Exit 0 when the target level is reached, 3 when it is blocked.",
        subcommands = {AssessCommand.AttackPotential.class})
final class AssessCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.yaml", description = "The product profile.")
    Path profile;

    @Option(names = "--json", description = "Print the assessment as JSON.")
    boolean json;

    @Option(
            names = "--report",
            paramLabel = "OUT.html",
            description = "Also write the report there: PDF when the name ends in .pdf, else HTML.")
    Path report;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (profile == null) {
            spec.commandLine().usage(out);
            return CliException.USAGE;
        }
        Assessment a;
        try {
            a = AssessmentTool.assess(profile);
        } catch (ProfileException e) {
            for (ProfileException.Problem p : e.problems()) {
                err.println("hallmark: " + p);
            }
            err.flush();
            return CliException.USAGE;
        }
        if (report != null) {
            try {
                if (report.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pdf")) {
                    Files.write(report, AssessmentTool.pdf(a));
                } else {
                    Files.writeString(report, AssessmentTool.html(a), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                err.println("hallmark: --report: " + report + " cannot be written: " + e.getMessage());
                err.flush();
                return CliException.FAILED;
            }
        }
        if (json) {
            out.println(AssessmentTool.json(a));
        } else {
            out.println(a.product() + " (" + a.vertical() + "): target " + a.target() + ", reached " + a.reached());
            for (Assessment.Blocker b : a.blockers()) {
                out.println("  blocked at " + b.level() + ": " + b.id() + ": " + Table.clean(b.reason()));
            }
            out.println("risks: " + a.riskRegister().size() + ", findings: "
                    + a.findings().size() + (report == null ? "" : ", report: " + report));
        }
        out.flush();
        return AssessmentTool.exitCode(a);
    }

    @Command(
            name = "attack-potential",
            mixinStandardHelpOptions = true,
            description = "Sum the ISO/IEC 18045 attack potential of one attack path and rate it.")
    static final class AttackPotential implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--elapsed-time", required = true, paramLabel = "ID", description = "e.g. le_1_week")
        String elapsedTime;

        @Option(names = "--expertise", required = true, paramLabel = "ID", description = "e.g. proficient")
        String expertise;

        @Option(names = "--knowledge", required = true, paramLabel = "ID", description = "e.g. restricted")
        String knowledge;

        @Option(names = "--window", required = true, paramLabel = "ID", description = "e.g. easy, or none")
        String window;

        @Option(names = "--equipment", required = true, paramLabel = "ID", description = "e.g. specialised")
        String equipment;

        @Option(names = "--json", description = "Print {value, rating, exploitable} as JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            AttackPotentialResult r;
            try {
                r = AssessmentTool.attackPotential(elapsedTime, expertise, knowledge, window, equipment);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("hallmark: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return CliException.USAGE;
            }
            if (json) {
                out.println(AssessmentTool.json(r));
            } else if (!r.exploitable()) {
                out.println("not exploitable (window of opportunity: none)");
            } else {
                out.println("attack potential " + r.value() + ": resistance needed "
                        + r.rating().label());
            }
            out.flush();
            return 0;
        }
    }
}

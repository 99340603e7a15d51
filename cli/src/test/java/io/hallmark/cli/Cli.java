package io.hallmark.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line in-process with captured output and a given environment. */
final class Cli {
    private Cli() {}

    /** What a run printed and returned. */
    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        return runWithEnv(Map.of(), args);
    }

    static Result runWithEnv(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main(env));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}

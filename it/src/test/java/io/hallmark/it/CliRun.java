package io.hallmark.it;

import io.hallmark.cli.Main;
import io.hallmark.testkit.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code hallmark} command line run in-process, as a user would run it, with its output captured.
 *
 * @param exitCode what the command returned (0 done, 1 failed, 2 usage, 3 refused, 4 not found)
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
record CliRun(int exitCode, String out, String err) {
    /**
     * The environment of someone running the CLI against {@code server} with {@code token}: its URL, its CA, and the
     * token in the file {@code tokenFile} of the server's data directory.
     */
    static Map<String, String> env(TestServer server, String token, String tokenFile) throws IOException {
        Path file = server.dataDir().resolve(tokenFile);
        Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
        return Map.of(
                "HALLMARK_URL", server.url(),
                "HALLMARK_TOKEN_FILE", file.toString(),
                "HALLMARK_CA", server.dataDir().resolve("trust/platform-ca.pem").toString());
    }

    /** Runs {@code args} with {@code env} as the process environment. */
    static CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main(env));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}

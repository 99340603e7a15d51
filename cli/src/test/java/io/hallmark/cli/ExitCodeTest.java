package io.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodeTest extends CannedServerTest {
    @ParameterizedTest(name = "HTTP {0} exits {1}")
    @CsvSource({"400, 1", "401, 3", "403, 3", "404, 4", "409, 1", "500, 1", "503, 1"})
    void mapsHttpStatusToExitCode(int status, int exitCode) {
        server.problem("GET", "/api/v1/me", status, "it went wrong", "req-42");

        Cli.Result r = run("whoami");

        assertThat(r.exitCode()).isEqualTo(exitCode);
        assertThat(r.err()).contains("HTTP " + status).contains("it went wrong").contains("req-42");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void printsProblemOnOneLineWithoutStackTrace() {
        server.problem("POST", "/api/v1/organizations", 403, "needs permission org.create", "req-7");

        Cli.Result r = run("org", "create", "Acme", "--kind", "owner");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err().strip())
                .isEqualTo("hallmark: HTTP 403 T403: needs permission org.create"
                        + " (POST /api/v1/organizations, request id req-7)");
    }

    @Test
    void reportsAnswerThatIsNotAProblemDocument() {
        server.answer("GET", "/api/v1/me", new CannedServer.Answer(502, "text/plain", "bad gateway\nupstream"));

        Cli.Result r = run("whoami");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("HTTP 502 from GET /api/v1/me: bad gateway upstream");
    }

    @Test
    void verboseAddsTheStackTrace() {
        server.problem("GET", "/api/v1/me", 500, "boom", "req-1");

        Cli.Result r = run("whoami", "--verbose");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("hallmark: HTTP 500").contains("at io.hallmark.cli.");
    }

    @Test
    void connectionRefusedIsOneClearLine() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        Cli.Result r = Cli.run("whoami", "--url", url, "--token-file", token.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("hallmark: cannot reach " + url + ": connection refused");
    }

    @Test
    void unknownOptionIsUsageError() {
        Cli.Result r = run("whoami", "--frobnicate");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--frobnicate");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void missingCommandIsUsageError() {
        assertThat(Cli.run().exitCode()).isEqualTo(2);
        assertThat(Cli.run("org").exitCode()).isEqualTo(2);
        assertThat(Cli.run("audit").err()).contains("verify");
    }

    @Test
    void helpExitsZero() {
        Cli.Result r = Cli.run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("org", "user", "token", "access", "whoami", "audit");
    }

    @Test
    void breakGlassOverSixtyMinutesIsRefusedLocally() {
        Cli.Result r = run("access", "break-glass", "--reason", "the vault is down", "--minutes", "61");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--minutes: 61 (expected: 1..60)");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void breakGlassWithoutReasonIsUsageError() {
        Cli.Result r = run("access", "break-glass", "--minutes", "5");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--reason");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void missingServerIsUsageError() {
        Cli.Result r = Cli.run("whoami", "--token-file", token.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no server given");
    }

    @Test
    void missingTokenIsUsageError() {
        Cli.Result r = Cli.run("whoami", "--url", server.url());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no API token given");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void unreadableTokenFileIsUsageError() {
        Cli.Result r = Cli.run(
                "whoami",
                "--url",
                server.url(),
                "--token-file",
                dir.resolve("nope").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("token file").contains("does not exist");
    }

    @Test
    void missingPasswordFileIsUsageError() {
        Cli.Result r = run(
                "user",
                "add",
                "ann",
                "--org",
                "Acme",
                "--role",
                "operator",
                "--password-file",
                dir.resolve("nope").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("password file").contains("does not exist");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void unparsableTimeIsUsageError() {
        Cli.Result r = run("audit", "list", "--since", "yesterday");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--since: yesterday");
    }

    @Test
    void answerThatIsNotJsonFails() {
        server.answer("GET", "/api/v1/me", new CannedServer.Answer(200, "text/html", "<html>"));

        Cli.Result r = run("whoami");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("not JSON");
    }
}

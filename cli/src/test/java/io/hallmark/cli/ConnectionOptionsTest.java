package io.hallmark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionOptionsTest {
    @TempDir
    Path dir;

    CannedServer flagServer;
    CannedServer dataServer;
    CannedServer envServer;
    Path flagToken;
    Path dataDir;
    Path envToken;
    Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        flagServer = meServer("flag");
        dataServer = meServer("data");
        envServer = meServer("env");
        flagToken = Files.writeString(dir.resolve("flag.token"), "  flag-token \n");
        envToken = Files.writeString(dir.resolve("env.token"), "env-token\n");
        dataDir = dataDir("data", dataServer.url(), "data-token");
        env = Map.of(ConnectionOptions.ENV_URL, envServer.url(), ConnectionOptions.ENV_TOKEN_FILE, envToken.toString());
    }

    @AfterEach
    void stop() {
        flagServer.close();
        dataServer.close();
        envServer.close();
    }

    private static CannedServer meServer(String name) throws IOException {
        return new CannedServer().json("GET", "/api/v1/me", 200, "{\"user\":\"" + name + "\"}");
    }

    private Path dataDir(String name, String url, String token) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("api.url"), url + "\n");
        Files.writeString(d.resolve("admin.token"), token + "\n");
        return d;
    }

    @Test
    void flagsWinOverDataDirectoryAndEnvironment() {
        Cli.Result r = Cli.runWithEnv(
                env,
                "whoami",
                "--json",
                "--url",
                flagServer.url(),
                "--token-file",
                flagToken.toString(),
                "--data",
                dataDir.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("\"flag\"");
        assertThat(flagServer.lastRequest().authorization()).isEqualTo("Bearer flag-token");
        assertThat(dataServer.requests()).isEmpty();
        assertThat(envServer.requests()).isEmpty();
    }

    @Test
    void dataDirectoryWinsOverEnvironment() {
        Cli.Result r = Cli.runWithEnv(env, "whoami", "--json", "--data", dataDir.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("\"data\"");
        assertThat(dataServer.lastRequest().authorization()).isEqualTo("Bearer data-token");
        assertThat(envServer.requests()).isEmpty();
    }

    @Test
    void oneFlagOverridesOnlyItsValueFromTheDataDirectory() {
        Cli.Result r = Cli.runWithEnv(
                env, "whoami", "--json", "--data", dataDir.toString(), "--token-file", flagToken.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(dataServer.lastRequest().authorization()).isEqualTo("Bearer flag-token");
    }

    @Test
    void environmentIsUsedWhenNoFlagIsGiven() {
        Cli.Result r = Cli.runWithEnv(env, "whoami", "--json");

        assertThat(r.exitCode()).isZero();
        assertThat(envServer.lastRequest().authorization()).isEqualTo("Bearer env-token");
    }

    @Test
    void hallmarkDataEnvironmentIsTheLastResort() {
        Cli.Result r = Cli.runWithEnv(Map.of(ConnectionOptions.ENV_DATA, dataDir.toString()), "whoami", "--json");

        assertThat(r.exitCode()).isZero();
        assertThat(dataServer.lastRequest().authorization()).isEqualTo("Bearer data-token");
    }

    @Test
    void specificEnvironmentVariablesWinOverHallmarkData() {
        Map<String, String> both = Map.of(
                ConnectionOptions.ENV_DATA, dataDir.toString(),
                ConnectionOptions.ENV_URL, envServer.url(),
                ConnectionOptions.ENV_TOKEN_FILE, envToken.toString());

        Cli.Result r = Cli.runWithEnv(both, "whoami", "--json");

        assertThat(r.exitCode()).isZero();
        assertThat(envServer.lastRequest().authorization()).isEqualTo("Bearer env-token");
        assertThat(dataServer.requests()).isEmpty();
    }

    @Test
    void readsAllThreeFromTheDataDirectory() throws IOException {
        Path d = dataDir("full", "https://127.0.0.1:8443/", "t0k");
        Files.createDirectories(d.resolve("trust"));
        Files.writeString(d.resolve("trust/platform-ca.pem"), "pem");
        ConnectionOptions o = new ConnectionOptions();
        o.data = d;

        Connection c = o.resolve(Map.of(), true);

        assertThat(c.url()).isEqualTo(URI.create("https://127.0.0.1:8443"));
        assertThat(c.token()).contains("t0k");
        assertThat(c.caFile()).contains(d.resolve("trust/platform-ca.pem"));
    }

    @Test
    void caFileFlagWinsOverDataDirectoryAndEnvironment() throws IOException {
        Path d = dataDir("ca", "https://127.0.0.1:8443", "t");
        Files.createDirectories(d.resolve("trust"));
        Files.writeString(d.resolve("trust/platform-ca.pem"), "pem");
        ConnectionOptions o = new ConnectionOptions();
        o.data = d;

        assertThat(o.resolve(Map.of(ConnectionOptions.ENV_CA, "/env/ca.pem"), true)
                        .caFile())
                .contains(d.resolve("trust/platform-ca.pem"));
        o.caFile = Path.of("/flag/ca.pem");
        assertThat(o.resolve(Map.of(ConnectionOptions.ENV_CA, "/env/ca.pem"), true)
                        .caFile())
                .contains(Path.of("/flag/ca.pem"));
        o.caFile = null;
        o.data = null;
        o.url = "https://h";
        o.tokenFile = flagToken;
        assertThat(o.resolve(Map.of(ConnectionOptions.ENV_CA, "/env/ca.pem"), true)
                        .caFile())
                .contains(Path.of("/env/ca.pem"));
        assertThat(o.resolve(Map.of(), true).caFile()).isEqualTo(Optional.empty());
    }

    @Test
    void tokenIsTrimmedAndNeverInToString() {
        ConnectionOptions o = new ConnectionOptions();
        o.url = "https://h:1";
        o.tokenFile = flagToken;

        Connection c = o.resolve(Map.of(), true);

        assertThat(c.token()).contains("flag-token");
        assertThat(c.toString()).doesNotContain("flag-token");
    }

    @Test
    void missingDataFileIsNamedInTheError() {
        ConnectionOptions o = new ConnectionOptions();
        o.data = dir.resolve("empty");

        assertThatThrownBy(() -> o.resolve(Map.of(), true))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("api.url does not exist");
    }

    @Test
    void refusesUrlsThatAreNotHttp() {
        ConnectionOptions o = new ConnectionOptions();
        o.url = "ftp://h";

        assertThatThrownBy(() -> o.resolve(Map.of(), false))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(2));
    }

    @Test
    void tokenIsOptionalForPublicEndpoints() {
        ConnectionOptions o = new ConnectionOptions();
        o.url = "http://h:1";

        assertThat(o.resolve(Map.of(), false).token()).isEmpty();
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients no one here wrote talk to a running server: curl and the openssl command line, trusting only the platform
 * CA file the server writes. A case is skipped only when its binary is not installed.
 */
class ExternalClientsIT {
    private static final Pattern PEM_CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----");

    private static TestServer server;
    private static Path ca;
    private static int apiPort;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        server = TestServer.givenServer(Store.H2);
        ca = server.dataDir().resolve("trust/platform-ca.pem");
        apiPort = server.server().apiPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void curlTrustingThePlatformCaGetsHealth() {
        Command curl = run("curl", "-sS", "--max-time", "10", "--cacert", ca.toString(), api("/healthz"));

        assertThat(curl.exitCode()).as(curl.toString()).isZero();
        assertThat(json(curl.out()).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void curlTrustingOnlyTheSystemCasRefusesTheServer() {
        Command curl = run("curl", "-sS", "--max-time", "10", api("/healthz"));

        // 60: the peer certificate cannot be authenticated with known CA certificates
        assertThat(curl.exitCode()).as(curl.toString()).isEqualTo(60);
    }

    @Test
    void curlWithABearerTokenSeesWhoItActsFor() throws IOException {
        Path header = Files.writeString(
                tmp.resolve("auth.header"), "Authorization: Bearer " + server.adminToken(), StandardCharsets.UTF_8);

        // -H @file keeps the token off the command line, where other local users could read it
        Command curl = run(
                "curl",
                "-sS",
                "-i",
                "--max-time",
                "10",
                "--cacert",
                ca.toString(),
                "-H",
                "@" + header,
                api("/api/v1/me"));

        assertThat(curl.exitCode()).as(curl.toString()).isZero();
        HttpAnswer answer = HttpAnswer.parse(curl.out());
        assertThat(answer.status()).as(curl.out()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode me = server.api().get("/api/v1/me", server.adminToken()).json();
        assertThat(json(answer.body())).isEqualTo(me);
        assertThat(me.get("platformAdmin").asBoolean()).isTrue();
    }

    @Test
    void curlWithoutATokenIsChallengedWithAProblemDocument() {
        Command curl = run("curl", "-sS", "-i", "--max-time", "10", "--cacert", ca.toString(), api("/api/v1/me"));

        assertThat(curl.exitCode()).as(curl.toString()).isZero();
        HttpAnswer answer = HttpAnswer.parse(curl.out());
        assertThat(answer.status()).as(curl.out()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = json(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("requestId").asText()).isEqualTo(answer.header("X-Request-Id"));
    }

    @Test
    void opensslVerifiesTheChainAndTheNameAndNegotiatesTls13() {
        Command handshake = run(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + apiPort,
                "-CAfile",
                ca.toString(),
                "-servername",
                "localhost",
                "-verify_hostname",
                "localhost",
                "-verify_return_error");

        assertThat(handshake.exitCode()).as(handshake.toString()).isZero();
        assertThat(handshake.out()).contains("Verify return code: 0 (ok)").contains("New, TLSv1.3, Cipher is");
    }

    @Test
    void opensslCannotHandshakeWithTls11() {
        // security level 0 so that this client really offers TLS 1.1: the refusal must come from the server
        Command handshake = run(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + apiPort,
                "-CAfile",
                ca.toString(),
                "-servername",
                "localhost",
                "-tls1_1",
                "-cipher",
                "DEFAULT:@SECLEVEL=0");

        assertThat(handshake.exitCode()).as(handshake.toString()).isNotZero();
        assertThat(handshake.err()).doesNotContain("no protocols available");
        assertThat(handshake.err()).contains("alert protocol version");
        assertThat(handshake.out()).contains("no peer certificate available").contains("Cipher is (NONE)");
    }

    @Test
    void servedLeafCertificateVerifiesAgainstThePlatformCaAsATlsServer() throws IOException {
        Command handshake = run(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + apiPort,
                "-CAfile",
                ca.toString(),
                "-servername",
                "localhost",
                "-showcerts");
        assertThat(handshake.exitCode()).as(handshake.toString()).isZero();
        List<String> chain = new ArrayList<>();
        Matcher m = PEM_CERTIFICATE.matcher(handshake.out());
        while (m.find()) {
            chain.add(m.group() + "\n");
        }
        assertThat(chain).as("certificates served").isNotEmpty();
        Path leaf = Files.writeString(tmp.resolve("leaf.pem"), chain.get(0), StandardCharsets.US_ASCII);

        Command verify = run("openssl", "verify", "-CAfile", ca.toString(), "-purpose", "sslserver", leaf.toString());
        Command verifyWithoutCa = run("openssl", "verify", leaf.toString());

        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains(leaf + ": OK");
        assertThat(verifyWithoutCa.exitCode()).as(verifyWithoutCa.toString()).isNotZero();
    }

    @Test
    void curlTrustingThePlatformCaGetsTheDeviceListenersHealth() {
        int devicePort = server.server().devicePort().orElseThrow();

        Command curl = run(
                "curl",
                "-sS",
                "--max-time",
                "10",
                "--cacert",
                ca.toString(),
                "https://127.0.0.1:" + devicePort + "/healthz");

        assertThat(curl.exitCode()).as(curl.toString()).isZero();
        assertThat(json(curl.out()).get("status").asText()).isEqualTo("ok");
    }

    private static String api(String path) {
        return server.url() + path;
    }

    private static JsonNode json(String text) {
        try {
            return Api.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private Command run(String... command) {
        return Command.run(tmp, command);
    }

    /** An HTTP/1.1 answer as printed by {@code curl -i}. */
    private record HttpAnswer(int status, List<String> headerLines, String body) {
        static HttpAnswer parse(String printed) {
            int end = printed.indexOf("\r\n\r\n");
            assertThat(end).as("header end in %s", printed).isPositive();
            List<String> lines = List.of(printed.substring(0, end).split("\r\n"));
            int status = Integer.parseInt(lines.get(0).split(" ")[1]);
            return new HttpAnswer(status, lines.subList(1, lines.size()), printed.substring(end + 4));
        }

        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).strip())
                    .findFirst()
                    .orElse(null);
        }
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.keys.Pkcs11Vault;
import io.hallmark.keys.Pkcs12FileVault;
import io.hallmark.keys.VaultPassphrase;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * With a PKCS#11 token configured (SoftHSM2 here, an HSM in production), the organizations' CA keys are made and
 * used inside the token: the file vault never holds them, and the certificates they sign still verify.
 */
class Pkcs11CaIT {
    private static final String PIN = "5678";

    @Test
    void organizationCaKeysLiveInTheTokenAndSignThere() throws Exception {
        Path library = Stream.of(
                        Path.of("/usr/lib/softhsm/libsofthsm2.so"),
                        Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"))
                .filter(Files::isReadable)
                .findFirst()
                .orElse(null);
        String conf = System.getenv("SOFTHSM2_CONF");
        Assumptions.assumeTrue(library != null && conf != null, "SoftHSM2 not installed: skipped");
        Path tokens = Path.of(conf).resolveSibling("softhsm-it-tokens");
        Files.createDirectories(tokens);
        Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n");
        run("softhsm2-util", "--init-token", "--free", "--label", "hallmark-it", "--so-pin", "1234", "--pin", PIN);
        Path pinFile = Files.writeString(Files.createTempFile("hallmark-pin", ".txt"), PIN + "\n");

        try (TestServer server = TestServer.givenServer(
                Store.H2,
                Map.of("vault.pkcs11-library", library.toString(), "vault.pkcs11-pin-file", pinFile.toString()))) {
            String acme = server.givenOrganization("Acme", "manufacturer");
            JsonNode ca = server.api()
                    .get("/api/v1/organizations/" + acme + "/ca", server.adminToken())
                    .json();
            assertThat(ca.get("idevid").asText()).contains("BEGIN CERTIFICATE");

            // the chain was signed inside the token and verifies
            Path root = Files.writeString(
                    server.dataDir().resolve("root.pem"), ca.get("root").asText());
            Path chain = Files.writeString(
                    server.dataDir().resolve("chain.pem"), ca.get("idevid").asText());
            assertThat(run("openssl", "verify", "-CAfile", root.toString(), chain.toString()))
                    .contains(": OK");

            // the keys are in the token, not in the file vault
            String rootAlias = "org." + acme + ".root";
            Pkcs11Vault token = Pkcs11Vault.open(library, 0, PIN.toCharArray());
            assertThat(token.contains(rootAlias)).isTrue();
            assertThat(token.contains("org." + acme + ".idevid-ca")).isTrue();
            Pkcs12FileVault file = Pkcs12FileVault.openOrCreate(
                    server.dataDir().resolve("vault.p12"), VaultPassphrase.resolve(server.dataDir(), Map.of()));
            assertThat(file.contains(rootAlias)).isFalse();
            assertThat(file.contains("tls-api")).isTrue();
        } finally {
            Files.deleteIfExists(pinFile);
        }
    }

    private static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort(command[0] + " is not installed: skipped");
            return "";
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases and an offline TUF root through the command line: {@code update keys init} makes root keys offline,
 * {@code release publish} uploads an image with its SBOM and measurements, {@code update root rotate} moves the
 * manufacturer's root to the offline keys (signed by the old root, the server's, and the new one) and then on to
 * further offline keys; tuf-js, starting from root version 1, follows the chain and downloads the release.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseCliIT {
    private TestServer server;
    private Map<String, String> admin;
    private String adminToken;
    private String tufBase;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.givenServer(Store.H2);
        String org = server.givenOrganization("Orbit Labs", "manufacturer");
        Actor a = server.givenUser(org, "admin");
        adminToken = a.token();
        admin = CliRun.env(server, a.token(), "release-admin.token");
        tufBase = "https://127.0.0.1:" + server.server().devicePort().orElseThrow() + "/tuf/" + org;
        CliRun product = CliRun.run(admin, "product", "create", "--model", "gw-5", "--name", "Gateway 5");
        assertThat(product.exitCode()).as(product.err()).isZero();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TufClients.Run tufJs(Path root, String target) {
        return TufClients.run(
                TufClients.tufJs(),
                Map.of(
                        "NODE_EXTRA_CA_CERTS",
                        server.dataDir().resolve("trust/platform-ca.pem").toString()),
                Duration.ofSeconds(60),
                "node",
                "tuf-js-download.js",
                tufBase,
                tufBase + "/targets",
                root.toString(),
                target);
    }

    @Test
    void releasesArePublishedAndTheRootMovesToOfflineKeysThatTufJsFollows() throws Exception {
        Path keys = tmp.resolve("root-keys");
        CliRun init = CliRun.run(
                Map.of(), "update", "keys", "init", "--threshold", "2", "--keys", "3", "--out", keys.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        try (Stream<Path> files = Files.list(keys)) {
            var keyFiles = files.filter(f -> f.toString().endsWith(".key")).toList();
            assertThat(keyFiles).hasSize(3);
            for (Path f : keyFiles) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                        .isEqualTo("rw-------");
            }
        }

        Path image =
                Files.write(tmp.resolve("gw5-1.4.0.bin"), "gateway firmware 1.4.0".getBytes(StandardCharsets.UTF_8));
        Path sbom = Files.writeString(
                tmp.resolve("gw5.cdx.json"), "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[]}");
        Path measurements = Files.writeString(tmp.resolve("m.json"), "{\"kernel\":\"" + "12".repeat(32) + "\"}");
        CliRun publish = CliRun.run(
                admin,
                "release",
                "publish",
                "--product",
                "gw-5",
                "--version",
                "1.4.0",
                "--image",
                image.toString(),
                "--sbom",
                sbom.toString(),
                "--measurements",
                measurements.toString(),
                "--hardware",
                "r1,r2",
                "--security",
                "--json");
        assertThat(publish.exitCode()).as(publish.err()).isZero();
        JsonNode release = Api.JSON.readTree(publish.out());
        assertThat(release.get("target").asText()).isEqualTo("gw-5/1.4.0/gw5-1.4.0.bin");
        CliRun list = CliRun.run(admin, "release", "list");
        assertThat(list.out()).as(list.err()).contains("gw-5", "1.4.0", "published");

        Path root1 = Files.write(
                tmp.resolve("1.root.json"),
                server.api()
                        .get("/api/v1/organizations/Orbit%20Labs/tuf/root", adminToken)
                        .body()
                        .getBytes(StandardCharsets.UTF_8));
        CliRun first = CliRun.run(admin, "update", "root", "rotate", "--keys", keys.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("installed root version 2");

        TufClients.Run afterFirst = tufJs(root1, "gw-5/1.4.0/gw5-1.4.0.bin");
        assertThat(afterFirst.exitCode()).as("%s", afterFirst).isZero();
        assertThat(Api.JSON.readTree(afterFirst.out()).get("rootVersion").asInt())
                .isEqualTo(2);

        // the next rotation needs the offline keys of the current root: without them it is refused
        Path next = tmp.resolve("next-keys");
        assertThat(CliRun.run(
                                Map.of(),
                                "update",
                                "keys",
                                "init",
                                "--threshold",
                                "1",
                                "--keys",
                                "1",
                                "--out",
                                next.toString())
                        .exitCode())
                .isZero();
        CliRun refused = CliRun.run(admin, "update", "root", "rotate", "--keys", next.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("tuf.signature.threshold");
        CliRun second =
                CliRun.run(admin, "update", "root", "rotate", "--keys", next.toString(), "--old-keys", keys.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("installed root version 3");

        TufClients.Run afterSecond = tufJs(root1, "gw-5/1.4.0/gw5-1.4.0.bin");
        assertThat(afterSecond.exitCode()).as("%s", afterSecond).isZero();
        assertThat(Api.JSON.readTree(afterSecond.out()).get("rootVersion").asInt())
                .isEqualTo(3);

        CliRun revoke = CliRun.run(admin, "release", "revoke", release.get("id").asText(), "--reason", "recalled");
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertThat(tufJs(root1, "gw-5/1.4.0/gw5-1.4.0.bin").exitCode()).isEqualTo(3);
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian weak-key check end to end: an RSA key made with openssl, its openssl-blacklist entry made the way the
 * format's own instructions say ({@code openssl rsa -noout -modulus | sha1sum | cut -c 21-40}) into a blocklist
 * directory the server is started with; the device enrolled with that key over EST is a critical finding, the one
 * enrolled with another key is not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeakKeyBlocklistIT {
    private TestServer server;

    @TempDir
    Path tmp;

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDeviceWhoseRsaKeyIsOnTheOperatorsBlocklistIsACriticalFinding() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("est"));
        // OpensslEst reuses a key file that exists: the weak device's key is RSA, made here
        Path weakKey = work.resolve("SN-DW-1.key");
        Command gen = Command.run(
                work,
                "openssl",
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
                weakKey.toString());
        assertThat(gen.exitCode()).as("%s", gen).isZero();
        Command modulus = Command.run(work, "openssl", "rsa", "-noout", "-modulus", "-in", weakKey.toString());
        assertThat(modulus.exitCode()).as("%s", modulus).isZero();
        assertThat(modulus.out()).startsWith("Modulus=");
        String sha1 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1")
                        .digest((modulus.out().strip() + "\n").getBytes(StandardCharsets.US_ASCII)));
        Path lists = Files.createDirectories(tmp.resolve("openssl-blacklist"));
        Files.writeString(
                lists.resolve("blacklist.RSA-2048"),
                "# test entries\n00005890bc78bcbee3ca\nnot an entry\n" + sha1.substring(20, 40) + "\n");
        Files.writeString(lists.resolve("blacklist.DSA-1024"), "skipped\n");

        server = TestServer.givenServer(Store.H2, Map.of("fleet-audit.weak-key-blocklist", lists.toString()));
        String org = server.givenOrganization("Old Keys Ltd", "owner");
        Actor admin = server.givenUser(org, "admin");
        OpensslEst est = new OpensslEst(server, work);
        est.enroll("SN-DW-1", secret(admin, "SN-DW-1"));
        est.enroll("SN-DW-2", secret(admin, "SN-DW-2"));

        Api.Response run = server.api().post("/api/v1/fleet-audit/runs", admin.token(), Map.of());
        assertThat(run.status()).as("%s", run).isEqualTo(200);
        Api.Response r = server.api().get("/api/v1/fleet-audit/findings?check=device.key.debian-weak", admin.token());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        assertThat(items).singleElement().satisfies(f -> {
            assertThat(f.get("resourceName").asText()).isEqualTo("SN-DW-1");
            assertThat(f.get("severity").asText()).isEqualTo("critical");
            assertThat(f.get("actual").asText()).contains("RSA 2048 bits on the blocklist", sha1.substring(20, 40));
        });
        Api.Response ca = server.api().get("/api/v1/fleet-audit/findings?check=ca.key.debian-weak", admin.token());
        assertThat(ca.json().get("items"))
                .as("the platform's CA keys are P-256")
                .isEmpty();
    }

    private String secret(Actor admin, String serial) {
        Api.Response added = server.api().post("/api/v1/devices", admin.token(), Map.of("serial", serial));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
        return added.json().get("enrollmentSecret").asText();
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The identity commands of the CLI against a real server: products, factory issuance, devices' life cycle. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityCliIT {
    private TestServer server;
    private Map<String, String> maker;
    private Map<String, String> owner;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.givenServer(Store.H2);
        String makerOrg = server.givenOrganization("Cli Makers", "manufacturer");
        String ownerOrg = server.givenOrganization("Cli Owners", "owner");
        maker = env(server.givenUser(makerOrg, "admin"), "maker");
        owner = env(server.givenUser(ownerOrg, "admin"), "owner");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static CliRun cli(Map<String, String> env, String... args) {
        return CliRun.run(env, args);
    }

    @Test
    void factoryGeneratesSimulatedDevicesWithKeysOnlyTheOwnerReads() throws IOException {
        CliRun product = cli(
                maker,
                "product",
                "create",
                "--model",
                "lamp-1",
                "--name",
                "Smart Lamp",
                "--support-until",
                "2030-06-30");
        assertThat(product.exitCode()).as(product.err()).isZero();
        assertThat(product.out()).as(product.err()).contains("lamp-1", "2030-06-30");
        Path out = tmp.resolve("fleet");
        CliRun issue = cli(
                maker,
                "factory",
                "issue",
                "--product",
                "lamp-1",
                "--generate",
                "3",
                "--serial-prefix",
                "LAMP-",
                "--out",
                out.toString());
        assertThat(issue.exitCode()).as(issue.err()).isZero();
        assertThat(issue.out()).contains("issued 3 birth certificate(s)");
        assertThat(out.resolve("LAMP-0001.pem")).exists();
        assertThat(Files.getPosixFilePermissions(out.resolve("LAMP-0002.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Command verify = Command.run(
                tmp,
                "openssl",
                "verify",
                "-CAfile",
                out.resolve("chain.pem").toString(),
                out.resolve("LAMP-0003.pem").toString());
        assertThat(verify.exitCode()).as("%s", verify).isZero();

        CliRun list = cli(maker, "device", "list", "--state", "manufactured");
        assertThat(list.out()).contains("LAMP-0001", "LAMP-0002", "LAMP-0003", "manufactured");
        CliRun again = cli(
                maker,
                "factory",
                "issue",
                "--product",
                "lamp-1",
                "--generate",
                "1",
                "--serial-prefix",
                "LAMP-",
                "--out",
                out.toString());
        assertThat(again.exitCode()).as("a serial taken").isEqualTo(1);
        assertThat(again.err()).contains("LAMP-0001");
    }

    @Test
    void ownerAddsQuarantinesAndDecommissionsADeviceWithReasons() {
        CliRun add = cli(owner, "device", "add", "--serial", "CLI-42");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("one-time EST enrollment secret", "state owned");

        assertThat(cli(owner, "device", "quarantine", "CLI-42").exitCode())
                .as("no reason")
                .isEqualTo(2);
        CliRun q = cli(owner, "device", "quarantine", "CLI-42", "--reason", "odd traffic");
        assertThat(q.exitCode()).as(q.err()).isEqualTo(1); // an owned device cannot be quarantined: a conflict
        assertThat(q.err()).contains("is owned");
        CliRun d = cli(owner, "device", "decommission", "CLI-42", "--reason", "returned");
        assertThat(d.exitCode()).as(d.err()).isZero();
        assertThat(d.out()).contains("decommissioned");
        CliRun show = cli(owner, "device", "show", "CLI-42");
        assertThat(show.out()).contains("device.add", "owned -> decommissioned", "(returned)");
        assertThat(cli(maker, "device", "show", "CLI-42").exitCode())
                .as("another organization")
                .isEqualTo(4);
        CliRun policy = cli(owner, "device", "policy", "--activation", "approval");
        assertThat(policy.out()).contains("activation: approval");
    }

    @Test
    void manufacturerIssuesAVoucherToAnOwnerAndTheOwnerSeesTheDeviceOwned() {
        assertThat(cli(maker, "product", "create", "--model", "plug-1", "--name", "Plug")
                        .exitCode())
                .isZero();
        Path out = tmp.resolve("plugs");
        assertThat(cli(
                                maker,
                                "factory",
                                "issue",
                                "--product",
                                "plug-1",
                                "--generate",
                                "1",
                                "--serial-prefix",
                                "PLUG-",
                                "--out",
                                out.toString())
                        .exitCode())
                .isZero();
        Path voucher = tmp.resolve("plug.voucher");
        CliRun issue = cli(
                maker,
                "voucher",
                "issue",
                "--serial",
                "PLUG-0001",
                "--owner",
                "Cli Owners",
                "--out",
                voucher.toString());
        assertThat(issue.exitCode()).as(issue.err()).isZero();
        assertThat(voucher).content().startsWith("eyJ");
        assertThat(cli(owner, "device", "show", "PLUG-0001").out()).contains("owned", "voucher.issue");
        assertThat(cli(owner, "voucher", "list").out()).contains("PLUG-0001", "issued");
        CliRun again = cli(maker, "voucher", "issue", "--serial", "PLUG-0001", "--owner", "Cli Owners");
        assertThat(again.exitCode())
                .as("an owned device gets no second voucher")
                .isEqualTo(1);
    }

    @Test
    void aMudFileIsAttachedAndExportedAsNftablesRules() throws IOException {
        assertThat(cli(maker, "product", "create", "--model", "cam-mud", "--name", "Cam")
                        .exitCode())
                .isZero();
        Path mud = Files.writeString(
                tmp.resolve("cam.mud.json"),
                "{\"ietf-mud:mud\":{\"mud-version\":1,\"mud-url\":\"https://cams.example.com/cam\","
                        + "\"last-update\":\"2026-11-01T00:00:00Z\",\"is-supported\":true,"
                        + "\"from-device-policy\":{\"access-lists\":{\"access-list\":[{\"name\":\"fr\"}]}}},"
                        + "\"ietf-access-control-list:acls\":{\"acl\":[{\"name\":\"fr\",\"type\":\"ipv4-acl-type\","
                        + "\"aces\":{\"ace\":[{\"name\":\"ntp\",\"matches\":{\"ipv4\":{\"protocol\":17,"
                        + "\"ietf-acldns:dst-dnsname\":\"ntp.example.com\"},\"udp\":{\"destination-port\":"
                        + "{\"operator\":\"eq\",\"port\":123}}},\"actions\":{\"forwarding\":\"accept\"}}]}}]}}");
        CliRun attach = cli(maker, "mud", "attach", "--product", "cam-mud", "--file", mud.toString());
        assertThat(attach.exitCode()).as(attach.err()).isZero();
        assertThat(attach.out()).contains("https://cams.example.com/cam", "1 access lists");
        Path rules = tmp.resolve("cam.nft");
        CliRun export = cli(maker, "mud", "export-firewall", "--product", "cam-mud", "--out", rules.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(rules).content().contains("ntp.example.com", "123", "drop");
        Path broken = Files.writeString(tmp.resolve("broken.json"), "{\"ietf-mud:mud\":{\"mud-version\":2}}");
        CliRun refused = cli(maker, "mud", "attach", "--product", "cam-mud", "--file", broken.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("mud-version");
    }

    private Map<String, String> env(Actor actor, String name) throws IOException {
        return CliRun.env(server, actor.token(), name + ".token");
    }
}

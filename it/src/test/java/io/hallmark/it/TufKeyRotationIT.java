package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.TufClient;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.protocol.tuf.TufException;
import io.hallmark.protocol.tuf.TufSigner;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A targets key taken by an attacker is revoked by a root rotation ({@code update root rotate --new-key targets}): the
 * repository is signed again with a new key, devices follow the new root, and targets signed with the old key are
 * refused even when the attacker also holds the snapshot and timestamp keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TufKeyRotationIT {
    private static final String TARGET = "valve-3/1.0.0/valve.bin";

    private TestServer server;
    private String org;
    private Map<String, String> cli;
    private String base;
    private HttpClient http;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        org = server.givenOrganization("Valve Makers", "manufacturer");
        Actor admin = server.givenUser(org, "admin");
        cli = CliRun.env(server, admin.token(), "rot.token");
        assertThat(CliRun.run(cli, "product", "create", "--model", "valve-3", "--name", "Valve 3")
                        .exitCode())
                .isZero();
        Path image = Files.writeString(server.dataDir().resolve("valve.bin"), "valve firmware 1.0.0");
        CliRun publish = CliRun.run(
                cli, "release", "publish", "--product", "valve-3", "--version", "1.0.0", "--image", image.toString());
        assertThat(publish.exitCode()).as(publish.err()).isZero();
        base = "https://127.0.0.1:" + server.server().devicePort().orElseThrow() + "/tuf/" + org + "/";
        http = HttpClient.newBuilder()
                .sslContext(TufInteropIT.sslTrusting(server.dataDir().resolve("trust/platform-ca.pem")))
                .build();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Optional<byte[]> fetch(String path, long max) throws IOException {
        return TufClients.httpFetcher(http, base).fetch(path, max);
    }

    private TufClient device(byte[] root, TufClient.Fetcher metadata) {
        return TufClients.device(root, metadata, (p, m) -> fetch("targets/" + p, m));
    }

    /** Signs with a key of the server's vault, as an attacker holding that key could. */
    private TufSigner stolen(String alias) {
        return TufClients.stolen(server.server().vault(), alias);
    }

    @Test
    void aRotatedTargetsKeyNoLongerSignsAnythingDevicesAccept() throws Exception {
        byte[] root1 = fetch("1.root.json", 512_000).orElseThrow();
        Path keys = tmp.resolve("offline");
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
                                keys.toString())
                        .exitCode())
                .isZero();
        CliRun rotate = CliRun.run(cli, "update", "root", "rotate", "--keys", keys.toString(), "--new-key", "targets");
        assertThat(rotate.exitCode()).as(rotate.err()).isZero();

        TufClient honest = device(root1, this::fetch);
        honest.refresh();
        assertThat(honest.trusted().root().version()).isEqualTo(2);
        String oldTargetsKey = stolen("org." + org + ".tuf-targets").key().keyId();
        assertThat(honest.trusted().root().role("targets").keyIds()).doesNotContain(oldTargetsKey);
        assertThat(new String(honest.download(honest.findTarget(TARGET).orElseThrow()), StandardCharsets.UTF_8))
                .isEqualTo("valve firmware 1.0.0");

        // the attacker holds the old targets key and the (unrotated) snapshot and timestamp keys
        Metadata.Timestamp ts = honest.trusted().timestamp().orElseThrow();
        Metadata.Snapshot sn = honest.trusted().snapshot().orElseThrow();
        int targetsVersion = sn.meta().get("targets.json").version() + 1;
        Instant expires = Instant.now().plus(Duration.ofDays(1));
        byte[] evil = "evil".getBytes(StandardCharsets.UTF_8);
        Map<String, Metadata.TargetFile> targets =
                new HashMap<>(honest.trusted().targets("targets").orElseThrow().targets());
        targets.put(
                "valve-3/6.6.6/valve.bin",
                new Metadata.TargetFile(
                        evil.length,
                        Map.of("sha256", io.hallmark.core.Hashes.hex(io.hallmark.core.Hashes.sha256(evil))),
                        Map.of()));
        byte[] forgedTargets = TufCodec.write(TufCodec.sign(
                new Metadata.Targets(targetsVersion, expires, targets, Optional.empty()),
                List.of(stolen("org." + org + ".tuf-targets"))));
        byte[] forgedSnapshot = TufCodec.write(TufCodec.sign(
                new Metadata.Snapshot(
                        sn.version() + 1,
                        expires,
                        Map.of("targets.json", Metadata.MetaFile.of(targetsVersion, forgedTargets))),
                List.of(stolen("org." + org + ".tuf-snapshot"))));
        byte[] forgedTimestamp = TufCodec.write(TufCodec.sign(
                new Metadata.Timestamp(
                        ts.version() + 1, expires, Metadata.MetaFile.of(sn.version() + 1, forgedSnapshot)),
                List.of(stolen("org." + org + ".tuf-timestamp"))));
        Map<String, byte[]> lies = Map.of(
                "timestamp.json",
                forgedTimestamp,
                (sn.version() + 1) + ".snapshot.json",
                forgedSnapshot,
                targetsVersion + ".targets.json",
                forgedTargets);
        TufClient fooled = device(root1, (p, m) -> lies.containsKey(p) ? Optional.of(lies.get(p)) : fetch(p, m));

        assertThatThrownBy(fooled::refresh).isInstanceOfSatisfying(TufException.class, e -> assertThat(e.reason())
                .isEqualTo(TufException.THRESHOLD));
        Api.Response audit = server.api().get("/api/v1/audit/entries?action=tuf.key.create", server.adminToken());
        assertThat(audit.json().get("items").size()).isEqualTo(1);
    }
}

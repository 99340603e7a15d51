package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.Ids;
import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.TufClient;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.protocol.tuf.TufKey;
import io.hallmark.protocol.tuf.TufLimits;
import io.hallmark.protocol.tuf.TufSigner;
import io.hallmark.server.update.Release;
import io.hallmark.server.update.TufRepositoryState;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A repository signed before product roles existed (its releases listed by the top-level targets, as written by the
 * earlier server: made here directly in the store with the vault's role keys) keeps working, and its releases move
 * into the product's delegated role at the next publish, which a device that trusted the old layout accepts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TufDelegationMigrationIT {
    private static final String OLD = "hub-1/1.0.0/hub.bin";

    private TestServer server;
    private String org;
    private Actor releaser;
    private String productId;
    private HttpClient http;
    private String base;
    private byte[] root;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        org = server.givenOrganization("Legacy Hubs", "manufacturer");
        releaser = server.givenUser(org, "release-manager");
        JsonNode created = ReleaseFixtures.product(server.api(), releaser.token(), "hub-1", "Hub 1");
        productId = created.get("id").asText();
        base = "https://127.0.0.1:" + server.server().devicePort().orElseThrow() + "/tuf/" + org + "/";
        http = HttpClient.newBuilder()
                .sslContext(TufInteropIT.sslTrusting(server.dataDir().resolve("trust/platform-ca.pem")))
                .build();
        root = legacyRepository();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String upload(String content) {
        Api.Response up = server.api()
                .send(
                        "POST",
                        "/api/v1/releases/uploads",
                        releaser.token(),
                        content.getBytes(StandardCharsets.UTF_8),
                        "application/octet-stream");
        assertThat(up.status()).as("%s", up).isEqualTo(201);
        return up.json().get("sha256").asText();
    }

    private TufSigner key(String role) {
        KeyVault vault = server.server().vault();
        String alias = "org." + org + ".tuf-" + role;
        TufKey key = TufKey.of(vault.publicKey(alias).orElseGet(() -> vault.generate(alias, KeyType.EC_P256)));
        return new TufSigner() {
            @Override
            public TufKey key() {
                return key;
            }

            @Override
            public byte[] sign(byte[] data) {
                return vault.sign(alias, key.jcaAlgorithm(), data);
            }
        };
    }

    /** Root 1, targets 1 listing release 1.0.0, snapshot 1 naming targets only, timestamp 1; returns the root. */
    private byte[] legacyRepository() {
        String sha = upload("hub firmware 1.0.0");
        long length = "hub firmware 1.0.0".length();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, TufKey> keys = new LinkedHashMap<>();
        Map<String, Metadata.RoleKeys> roles = new LinkedHashMap<>();
        for (String role : Metadata.Root.ROLES) {
            TufKey k = key(role).key();
            keys.put(k.keyId(), k);
            roles.put(role, new Metadata.RoleKeys(List.of(k.keyId()), 1));
        }
        Instant year = now.plus(Duration.ofDays(365));
        byte[] rootBytes =
                TufCodec.write(TufCodec.sign(new Metadata.Root(1, year, true, keys, roles), List.of(key("root"))));
        Release release = new Release(
                Ids.newId("rel"),
                org,
                productId,
                "hub-1",
                "1.0.0",
                OLD,
                sha,
                length,
                Optional.empty(),
                new TreeMap<>(),
                List.of(),
                false,
                Release.State.PUBLISHED,
                releaser.id(),
                now,
                Optional.empty());
        Map<String, Object> custom = Map.of("hallmark", Map.of("model", "hub-1", "version", "1.0.0"));
        byte[] targets = TufCodec.write(TufCodec.sign(
                new Metadata.Targets(
                        1,
                        now.plus(Duration.ofDays(90)),
                        Map.of(OLD, new Metadata.TargetFile(length, Map.of("sha256", sha), custom)),
                        Optional.empty()),
                List.of(key("targets"))));
        byte[] snapshot = TufCodec.write(TufCodec.sign(
                new Metadata.Snapshot(
                        1, now.plus(Duration.ofDays(30)), Map.of("targets.json", Metadata.MetaFile.of(1, targets))),
                List.of(key("snapshot"))));
        byte[] timestamp = TufCodec.write(TufCodec.sign(
                new Metadata.Timestamp(1, now.plus(Duration.ofDays(1)), Metadata.MetaFile.of(1, snapshot)),
                List.of(key("timestamp"))));
        server.server().database().inTransaction(s -> {
            s.releases().insert(release);
            s.tufRepositories().putFile(org, "1.root.json", rootBytes, now);
            s.tufRepositories().putFile(org, "1.targets.json", targets, now);
            s.tufRepositories().putFile(org, "1.snapshot.json", snapshot, now);
            s.tufRepositories().putFile(org, "timestamp.json", timestamp, now);
            s.tufRepositories()
                    .insert(new TufRepositoryState(
                            org,
                            1,
                            1,
                            1,
                            1,
                            year,
                            now.plus(Duration.ofDays(90)),
                            now.plus(Duration.ofDays(30)),
                            now.plus(Duration.ofDays(1))));
            return null;
        });
        return rootBytes;
    }

    private Optional<byte[]> fetch(String path, long max) throws IOException {
        return TufClients.httpFetcher(http, base).fetch(path, max);
    }

    private TufClient device(byte[] timestamp, byte[] snapshot) {
        return new TufClient(
                root,
                timestamp,
                snapshot,
                this::fetch,
                (p, m) -> fetch("targets/" + p, m),
                Clock.fixed(Instant.now(), ZoneOffset.UTC),
                TufLimits.DEFAULT);
    }

    @Test
    void releasesOfTheTopLevelTargetsStayFoundAndMoveIntoTheProductRoleAtTheNextPublish() {
        TufClient before = device(null, null);
        before.refresh();
        assertThat(before.findTarget(OLD).orElseThrow().role()).isEqualTo("targets");
        assertThat(new String(before.download(before.findTarget(OLD).orElseThrow()), StandardCharsets.UTF_8))
                .isEqualTo("hub firmware 1.0.0");
        assertThat(before.targetsUnder("hub-1"))
                .extracting(TufClient.Target::path)
                .containsExactly(OLD);

        Api.Response r = server.api()
                .post(
                        "/api/v1/releases",
                        releaser.token(),
                        Map.of(
                                "product",
                                "hub-1",
                                "version",
                                "1.1.0",
                                "image",
                                upload("hub firmware 1.1.0"),
                                "imageName",
                                "hub.bin"));
        assertThat(r.status()).as("%s", r).isEqualTo(201);

        // the device keeps what it trusted: the new snapshot adds the role and drops nothing (TUF §5.5.5)
        TufClient after = device(
                before.trustedTimestamp().orElseThrow(),
                before.trustedSnapshot().orElseThrow());
        after.refresh();
        // no release is left in the top-level targets: they list the manufacturer's IDevID chain only
        assertThat(after.trusted().targets("targets").orElseThrow().targets()).containsOnlyKeys("idevid-chain.pem");
        assertThat(after.findTarget(OLD).orElseThrow().role()).isEqualTo("product-hub-1");
        assertThat(after.targetsUnder("hub-1"))
                .extracting(TufClient.Target::path)
                .containsExactly(OLD, "hub-1/1.1.0/hub.bin");
        assertThat(new String(after.download(after.findTarget(OLD).orElseThrow()), StandardCharsets.UTF_8))
                .isEqualTo("hub firmware 1.0.0");
    }
}

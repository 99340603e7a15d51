package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hallmark.core.Hashes;
import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.TufClient;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.protocol.tuf.TufException;
import io.hallmark.protocol.tuf.TufKey;
import io.hallmark.protocol.tuf.TufSigner;
import io.hallmark.server.update.TufRoleRenewals;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys of a product's delegated TUF role (TUF §4.5) against a running server, with the project's TUF client and
 * npm tuf-js: a rotated vault key (the old one signs nothing a client accepts), and release managers' offline keys
 * with a threshold (releases wait for M signatures; bad uploads are refused and audited).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the offline test moves the server's clock: it runs last
class TufProductKeysIT {
    private TestServer server;
    private String org;
    private Actor admin;
    private Map<String, String> cli;
    private String base;
    private HttpClient http;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        org = server.givenOrganization("Pump Makers", "manufacturer");
        admin = server.givenUser(org, "admin");
        cli = CliRun.env(server, admin.token(), "pk.token");
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

    private void ok(String... args) {
        CliRun r = CliRun.run(cli, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    }

    private String publish(String model, String version) throws IOException {
        Path image = Files.writeString(tmp.resolve(model + "-" + version + ".bin"), model + " firmware " + version);
        CliRun r = CliRun.run(
                cli,
                "release",
                "publish",
                "--product",
                model,
                "--version",
                version,
                "--image",
                image.toString(),
                "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Api.JSON.readTree(r.out()).get("id").asText();
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

    /** The first vault key of a product's role (made with its first release). */
    private TufSigner firstProductKey(String model) {
        String h = Hashes.hex(Hashes.sha256(("product-" + model).getBytes(StandardCharsets.UTF_8)));
        return stolen("org." + org + ".tuf-d." + h.substring(0, 20));
    }

    /**
     * Files a lying mirror serves instead of the server's: {@code role}'s next version listing an evil target, signed
     * by {@code signer}, under a snapshot and timestamp signed with the (also stolen) snapshot and timestamp keys.
     */
    private Map<String, byte[]> forgedRole(byte[] root, String role, String evilPath, TufSigner signer) {
        TufClient seen = device(root, this::fetch);
        seen.refresh();
        byte[] evil = "evil".getBytes(StandardCharsets.UTF_8);
        Map<String, Metadata.TargetFile> targets = Map.of(
                evilPath,
                new Metadata.TargetFile(evil.length, Map.of("sha256", Hashes.hex(Hashes.sha256(evil))), Map.of()));
        return TufClients.forgedRole(server.server().vault(), org, seen, role, targets, signer);
    }

    private TufClient.Fetcher lying(Map<String, byte[]> lies) {
        return (p, m) -> lies.containsKey(p) ? Optional.of(lies.get(p)) : fetch(p, m);
    }

    /** Runs tuf-js (the pinned npm release) against {@code metadataBase}, trusting {@code root}. */
    private TufClients.Run tufJs(String metadataBase, byte[] root, String target) throws IOException {
        Path dir = TufClients.tufJs();
        Path rootFile = Files.write(Files.createTempFile(tmp, "root", ".json"), root);
        return TufClients.run(
                dir,
                Map.of(
                        "NODE_EXTRA_CA_CERTS",
                        server.dataDir().resolve("trust/platform-ca.pem").toString()),
                Duration.ofSeconds(60),
                "node",
                "tuf-js-download.js",
                metadataBase,
                base + "targets",
                rootFile.toString(),
                target);
    }

    /** A plain-HTTP mirror on loopback answering {@code lies} its own way and every other file as the server does. */
    private HttpServer mirror(Map<String, byte[]> lies) throws IOException {
        HttpServer m = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        m.createContext("/", ex -> {
            String name = ex.getRequestURI().getPath().substring(1);
            Optional<byte[]> body = lies.containsKey(name) ? Optional.of(lies.get(name)) : fetch(name, 5_000_000);
            if (body.isEmpty()) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.get().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body.get());
                }
            }
            ex.close();
        });
        m.start();
        return m;
    }

    @Test
    @Order(1)
    void aRotatedProductKeyReplacesTheOldOneWhichNoLongerSignsAnythingClientsAccept() throws Exception {
        ok("product", "create", "--model", "valve-7", "--name", "Valve 7");
        publish("valve-7", "1.0.0");
        byte[] root = fetch("1.root.json", 512_000).orElseThrow();
        TufSigner old = firstProductKey("valve-7");

        CliRun rotate = CliRun.run(cli, "update", "product-key", "rotate", "--product", "valve-7", "--json");
        assertThat(rotate.exitCode()).as(rotate.err()).isZero();
        String newKey = Api.JSON.readTree(rotate.out()).get("keyId").asText();
        assertThat(Api.JSON.readTree(rotate.out()).get("role").asText()).isEqualTo("product-valve-7");

        TufClient honest = device(root, this::fetch);
        honest.refresh();
        Metadata.DelegatedRole d =
                honest.trusted().targets("targets").orElseThrow().delegations().orElseThrow().roles().stream()
                        .filter(r -> r.name().equals("product-valve-7"))
                        .findFirst()
                        .orElseThrow();
        assertThat(d.keyIds()).containsExactly(newKey).doesNotContain(old.key().keyId());
        assertThat(new String(
                        honest.download(honest.findTarget("valve-7/1.0.0/valve-7-1.0.0.bin")
                                .orElseThrow()),
                        StandardCharsets.UTF_8))
                .isEqualTo("valve-7 firmware 1.0.0");
        assertThat(honest.trusted()
                        .snapshot()
                        .orElseThrow()
                        .meta()
                        .get("product-valve-7.json")
                        .version())
                .isEqualTo(2);

        // the holder of the old key (and of snapshot and timestamp keys) signs a role version of its own
        Map<String, byte[]> lies = forgedRole(root, "product-valve-7", "valve-7/6.6.6/valve.bin", old);
        TufClient fooled = device(root, lying(lies));
        fooled.refresh();
        assertThatThrownBy(() -> fooled.findTarget("valve-7/6.6.6/valve.bin"))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(TufException.THRESHOLD));

        // tuf-js: downloads the release after the rotation, refuses the role signed with the old key
        TufClients.Run js = tufJs(base, root, "valve-7/1.0.0/valve-7-1.0.0.bin");
        assertThat(js.exitCode()).as(js.err()).isZero();
        assertThat(Api.JSON
                        .readTree(js.out())
                        .get("custom")
                        .get("hallmark")
                        .get("version")
                        .asText())
                .isEqualTo("1.0.0");
        HttpServer m = mirror(lies);
        try {
            TufClients.Run refused =
                    tufJs("http://127.0.0.1:" + m.getAddress().getPort() + "/", root, "valve-7/6.6.6/valve.bin");
            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains("product-valve-7 was signed by 0/1 keys");
        } finally {
            m.stop(0);
        }
        Api.Response audit =
                server.api().get("/api/v1/audit/entries?action=tuf.product-key.rotate", server.adminToken());
        assertThat(audit.json().get("items").size()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void releaseManagersOfflineKeysSignAProductRoleOnceTheirThresholdIsMet() throws Exception {
        ok("product", "create", "--model", "pump-5", "--name", "Pump 5");
        publish("pump-5", "1.0.0");
        byte[] root = fetch("1.root.json", 512_000).orElseThrow();
        Path managers = tmp.resolve("managers");
        ok("update", "keys", "init", "--threshold", "2", "--keys", "3", "--out", managers.toString());
        ok("update", "product-key", "offline", "--product", "pump-5", "--keys", managers.toString());
        String pendingRelease = publish("pump-5", "1.1.0");

        String productPath = "/api/v1/products/pump-5/tuf";
        JsonNode state = server.api().get(productPath, admin.token()).json();
        assertThat(state.get("offline").asBoolean()).isTrue();
        assertThat(state.get("pendingVersion").asInt()).isEqualTo(2);
        assertThat(state.get("pendingThreshold").asInt()).isEqualTo(2);
        assertThat(state.get("keyIds")).hasSize(1); // still the vault key until the managers sign
        assertThat(server.api()
                        .get("/api/v1/releases/" + pendingRelease, admin.token())
                        .json()
                        .get("state")
                        .asText())
                .isEqualTo("pending-signatures");
        Api.Response rollout = server.api()
                .post("/api/v1/rollouts", admin.token(), Map.of("release", pendingRelease, "waves", List.of("100%")));
        assertThat(rollout.status()).as(rollout.body()).isBetween(400, 499);
        TufClient before = device(root, this::fetch);
        before.refresh();
        assertThat(before.findTarget("pump-5/1.1.0/pump-5-1.1.0.bin")).isEmpty();
        assertThat(before.findTarget("pump-5/1.0.0/pump-5-1.0.0.bin")).isPresent();

        // bad uploads: refused with a problem, audited, nothing published
        byte[] pending =
                server.api().get(productPath + "/pending", admin.token()).body().getBytes(StandardCharsets.UTF_8);
        byte[] signedBytes = TufCodec.readTargets(pending, 5_000_000).canonicalSigned();
        List<Path> keyFiles;
        try (Stream<Path> files = Files.list(managers)) {
            keyFiles = files.filter(f -> f.toString().endsWith(".key")).sorted().toList();
        }
        TufSigner first = fileSigner(keyFiles.get(0));
        var stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TufKey strangerKey = TufKey.of(stranger.getPublic());
        java.security.Signature ed = java.security.Signature.getInstance("Ed25519");
        ed.initSign(stranger.getPrivate());
        ed.update(signedBytes);
        String strangerSig = HexFormat.of().formatHex(ed.sign());
        String good = HexFormat.of().formatHex(first.sign(signedBytes));
        String otherBytes = HexFormat.of().formatHex(first.sign("other bytes".getBytes(StandardCharsets.UTF_8)));
        List<Object[]> bad = List.of(
                new Object[] {"{\"role\": ", 400},
                new Object[] {upload("product-pump-5", 2, strangerKey.keyId(), strangerSig), 400},
                new Object[] {upload("product-pump-5", 2, first.key().keyId(), otherBytes), 400},
                new Object[] {upload("product-pump-5", 3, first.key().keyId(), good), 409},
                new Object[] {upload("product-valve-7", 2, first.key().keyId(), good), 400},
                new Object[] {"{\"role\": \"" + "x".repeat(2_000_000) + "\"}", 413});
        for (Object[] b : bad) {
            Api.Response r =
                    server.api().send("POST", productPath + "/signatures", admin.token(), b[0], "application/json");
            assertThat(r.status()).as(r.body()).isEqualTo(b[1]);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        Api.Response refusals = server.api()
                .get("/api/v1/audit/entries?action=tuf.product-role.sign&outcome=failure", server.adminToken());
        assertThat(refusals.json().get("items").size()).isGreaterThanOrEqualTo(5);
        assertThat(server.api().get(productPath, admin.token()).json().get("signedBy"))
                .isEmpty();

        // one manager signs (twice: one key counts once), then a second: the threshold is met
        Path one = managersWith(managers, keyFiles.get(0), "one");
        ok("update", "product-key", "sign", "--product", "pump-5", "--keys", one.toString());
        ok("update", "product-key", "sign", "--product", "pump-5", "--keys", one.toString());
        state = server.api().get(productPath, admin.token()).json();
        assertThat(state.get("signedBy")).hasSize(1);
        assertThat(state.get("pendingVersion").asInt()).isEqualTo(2);
        assertThat(device(root, this::fetch)).satisfies(c -> {
            c.refresh();
            assertThat(c.findTarget("pump-5/1.1.0/pump-5-1.1.0.bin")).isEmpty();
        });
        ok(
                "update",
                "product-key",
                "sign",
                "--product",
                "pump-5",
                "--keys",
                managersWith(managers, keyFiles.get(1), "two").toString());

        state = server.api().get(productPath, admin.token()).json();
        assertThat(state.has("pendingVersion") && !state.get("pendingVersion").isNull())
                .isFalse();
        assertThat(state.get("version").asInt()).isEqualTo(2);
        assertThat(state.get("threshold").asInt()).isEqualTo(2);
        assertThat(state.get("keyIds")).hasSize(3);
        assertThat(server.api()
                        .get("/api/v1/releases/" + pendingRelease, admin.token())
                        .json()
                        .get("state")
                        .asText())
                .isEqualTo("published");
        TufClient after = device(root, this::fetch);
        after.refresh();
        assertThat(new String(
                        after.download(after.findTarget("pump-5/1.1.0/pump-5-1.1.0.bin")
                                .orElseThrow()),
                        StandardCharsets.UTF_8))
                .isEqualTo("pump-5 firmware 1.1.0");
        TufClients.Run js = tufJs(base, root, "pump-5/1.1.0/pump-5-1.1.0.bin");
        assertThat(js.exitCode()).as(js.err()).isZero();

        // the vault key no longer signs the role: a version signed by it alone is refused
        TufClient fooled = device(
                root, lying(forgedRole(root, "product-pump-5", "pump-5/6.6.6/x.bin", firstProductKey("pump-5"))));
        fooled.refresh();
        assertThatThrownBy(() -> fooled.findTarget("pump-5/6.6.6/x.bin"))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(TufException.THRESHOLD));

        // the next publish waits for signatures again; a revoke of it too
        String third = publish("pump-5", "1.2.0");
        assertThat(server.api()
                        .get(productPath, admin.token())
                        .json()
                        .get("pendingVersion")
                        .asInt())
                .isEqualTo(3);
        Api.Response published =
                server.api().get("/api/v1/audit/entries?action=tuf.product-role.publish", server.adminToken());
        assertThat(published.json().get("items").size()).isEqualTo(1);
        // revoking that pending release leaves the role as the managers signed it: nothing awaits signatures
        Api.Response revoked = server.api()
                .post("/api/v1/releases/" + third + "/revoke", admin.token(), Map.of("reason", "never signed"));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(server.api()
                        .get(productPath, admin.token())
                        .json()
                        .get("pendingVersion")
                        .isNull())
                .isTrue();

        // nothing is due yet; 70 days on, version 2 (90 days) is in its last quarter: the server cannot sign it, so
        // it prepares version 3 for the managers, once, and audits it; their signatures renew the role
        assertThat(server.server().releases().roleRenewals().prepareDue()).isEmpty();
        server.clock().advance(Duration.ofDays(70));
        List<TufRoleRenewals.Renewal> due =
                server.server().releases().roleRenewals().prepareDue();
        assertThat(due).singleElement().satisfies(r -> {
            assertThat(r.role()).isEqualTo("product-pump-5");
            assertThat(r.version()).isEqualTo(3);
        });
        assertThat(server.server().releases().roleRenewals().prepareDue()).isEmpty();
        assertThat(server.api()
                        .get(productPath, admin.token())
                        .json()
                        .get("pendingVersion")
                        .asInt())
                .isEqualTo(3);
        assertThat(server.api()
                        .get("/api/v1/audit/entries?action=tuf.product-role.renewal", server.adminToken())
                        .json()
                        .get("items"))
                .hasSize(1);
        ok("update", "product-key", "sign", "--product", "pump-5", "--keys", one.toString());
        ok(
                "update",
                "product-key",
                "sign",
                "--product",
                "pump-5",
                "--keys",
                managersWith(managers, keyFiles.get(1), "two-again").toString());
        assertThat(server.api()
                        .get(productPath, admin.token())
                        .json()
                        .get("version")
                        .asInt())
                .isEqualTo(3);
        assertThat(server.server().releases().roleRenewals().prepareDue()).isEmpty();
    }

    /** A signer of a managers' Ed25519 key file (PKCS#8 PEM, named by its key id, as {@code update keys init}). */
    private static TufSigner fileSigner(Path keyFile) throws Exception {
        byte[] der = io.hallmark.core.Pem.decode("PRIVATE KEY", Files.readString(keyFile));
        var pk = java.security.KeyFactory.getInstance("Ed25519")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
        String keyId = keyFile.getFileName().toString().replace(".key", "");
        Map<?, ?> keys = (Map<?, ?>) ((Map<?, ?>) io.hallmark.protocol.tuf.TufJson.read(
                        Files.readAllBytes(keyFile.resolveSibling("root-keys.json")), 1 << 20))
                .get("keys");
        TufKey key = TufKey.fromJson(keyId, keys.get(keyId));
        return new TufSigner() {
            @Override
            public TufKey key() {
                return key;
            }

            @Override
            public byte[] sign(byte[] data) {
                try {
                    java.security.Signature s = java.security.Signature.getInstance("Ed25519");
                    s.initSign(pk);
                    s.update(data);
                    return s.sign();
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static Map<String, Object> upload(String role, int version, String keyId, String sig) {
        return Map.of("role", role, "version", version, "signatures", List.of(Map.of("keyid", keyId, "sig", sig)));
    }

    /** A copy of a managers' key directory holding one private key: what one release manager has. */
    private Path managersWith(Path managers, Path keyFile, String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(managers.resolve("root-keys.json"), dir.resolve("root-keys.json"));
        Files.copy(keyFile, dir.resolve(keyFile.getFileName()));
        return dir;
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.core.Hashes;
import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.TufClient;
import io.hallmark.protocol.tuf.TufException;
import io.hallmark.protocol.tuf.TufLimits;
import io.hallmark.protocol.tuf.TufSigner;
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
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The attacks TUF is made to stop, against a running server's repository, with the protocol's TUF client (the one the
 * agent uses) reading it through a mirror that lies: each must fail with its own reason and install nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TufAttacksIT {
    private static final String TARGET = "lamp-9/1.0.0/fw.bin";

    private TestServer server;
    private String org;
    private Actor releaser;
    private String base;
    private HttpClient http;
    private byte[] trustedRoot;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        org = server.givenOrganization("Lumen Works", "manufacturer");
        releaser = server.givenUser(org, "release-manager");
        ReleaseFixtures.product(server.api(), releaser.token(), "lamp-9", "Lamp 9");
        ReleaseFixtures.product(server.api(), releaser.token(), "plug-2", "Plug 2");
        base = "https://127.0.0.1:" + server.server().devicePort().orElseThrow() + "/tuf/" + org + "/";
        http = HttpClient.newBuilder()
                .sslContext(TufInteropIT.sslTrusting(server.dataDir().resolve("trust/platform-ca.pem")))
                .build();
        publish("1.0.0", "lamp firmware 1.0.0");
        publish("plug-2", "1.0.0", "plug firmware 1.0.0", "plug.bin");
        trustedRoot = honest().fetch("1.root.json", 512_000).orElseThrow();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode publish(String version, String content) {
        return publish("lamp-9", version, content, "fw.bin");
    }

    private JsonNode publish(String product, String version, String content, String imageName) {
        return ReleaseFixtures.publish(
                server.api(),
                releaser.token(),
                product,
                version,
                content.getBytes(StandardCharsets.UTF_8),
                imageName,
                Map.of());
    }

    /** The repository as the server serves it, read at most {@code max + 1} bytes. */
    private TufClient.Fetcher honest() {
        return TufClients.httpFetcher(http, base);
    }

    /** A mirror answering some paths its own way and the rest as the server does. */
    private TufClient.Fetcher mirror(Map<String, byte[]> lies) {
        TufClient.Fetcher real = honest();
        return (path, max) -> lies.containsKey(path) ? Optional.of(lies.get(path)) : real.fetch(path, max);
    }

    private TufClient client(TufClient.Fetcher metadata, TufClient.Fetcher files, Instant now, byte[] ts, byte[] sn) {
        return new TufClient(trustedRoot, ts, sn, metadata, files, Clock.fixed(now, ZoneOffset.UTC), TufLimits.DEFAULT);
    }

    private TufClient client(TufClient.Fetcher metadata) {
        return client(metadata, files(honest()), Instant.now(), null, null);
    }

    /** The target files under {@code targets/}. */
    private static TufClient.Fetcher files(TufClient.Fetcher f) {
        return (path, max) -> f.fetch("targets/" + path, max);
    }

    @Test
    void anHonestMirrorGivesTheSignedImage() {
        TufClient c = client(honest());
        c.refresh();
        assertThat(new String(c.download(c.findTarget(TARGET).orElseThrow()), StandardCharsets.UTF_8))
                .isEqualTo("lamp firmware 1.0.0");
    }

    @Test
    void arbitraryInstallationATargetsFileNotSignedByTheTargetsKeyIsRefused() throws Exception {
        String snapshotName = snapshotVersion() + ".snapshot.json";
        byte[] snapshot = honest().fetch(snapshotName, 2_000_000).orElseThrow();
        // the release is listed by its product's delegated role, which snapshot names with its version
        String roleFile = Api.JSON
                        .readTree(snapshot)
                        .get("signed")
                        .get("meta")
                        .get("product-lamp-9.json")
                        .get("version")
                        .asInt()
                + ".product-lamp-9.json";
        byte[] role = honest().fetch(roleFile, 5_000_000).orElseThrow();
        // the attacker points the release at an image of its own, keeping the file's length and signatures
        String text = new String(role, StandardCharsets.UTF_8);
        String realHash = Api.JSON
                .readTree(role)
                .get("signed")
                .get("targets")
                .get(TARGET)
                .get("hashes")
                .get("sha256")
                .asText();
        String forged = text.replace(realHash, "6".repeat(64));
        TufClient c = client(mirror(Map.of(roleFile, forged.getBytes(StandardCharsets.UTF_8))));
        c.refresh();
        // snapshot pins the role file's hash, so the forgery is caught there first
        assertRefused(() -> c.findTarget(TARGET), TufException.HASH);
    }

    /** Signs with a key of the server's vault, as an attacker holding that key could. */
    private TufSigner stolen(String alias) {
        return TufClients.stolen(server.server().vault(), alias);
    }

    /** The vault key of a product's delegated role (its alias is made from the role's name). */
    private TufSigner productKey(String model) {
        String h = Hashes.hex(Hashes.sha256(("product-" + model).getBytes(StandardCharsets.UTF_8)));
        return stolen("org." + org + ".tuf-d." + h.substring(0, 20));
    }

    /**
     * A mirror serving {@code role} replaced by {@code targets} signed by {@code signer}, under a snapshot and a
     * timestamp newly signed with the (stolen) snapshot and timestamp keys, so that only the delegation's checks are
     * left to stop it.
     */
    private TufClient.Fetcher forgedRole(String role, Map<String, Metadata.TargetFile> targets, TufSigner signer) {
        TufClient seen = client(honest());
        seen.refresh();
        return mirror(TufClients.forgedRole(server.server().vault(), org, seen, role, targets, signer));
    }

    private static Metadata.TargetFile file(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new Metadata.TargetFile(bytes.length, Map.of("sha256", Hashes.hex(Hashes.sha256(bytes))), Map.of());
    }

    @Test
    void aTargetOfOneProductListedInAnotherProductsRoleIsNotAccepted() {
        TufClient honestClient = client(honest());
        honestClient.refresh();
        String real =
                honestClient.findTarget(TARGET).orElseThrow().file().sha256().orElseThrow();
        // the plug's key (stolen) signs the lamp's paths: TUF §5.6.7.2 trusts a role only for its delegated paths
        TufClient c = client(forgedRole(
                "product-plug-2",
                Map.of(
                        "lamp-9/6.6.6/fw.bin",
                        file("evil lamp"),
                        TARGET,
                        file("evil lamp 1.0.0"),
                        "plug-2/6.6.6/plug.bin",
                        file("evil plug")),
                productKey("plug-2")));
        c.refresh();

        assertThat(c.findTarget("plug-2/6.6.6/plug.bin").orElseThrow().role()).isEqualTo("product-plug-2");
        assertThat(c.findTarget("lamp-9/6.6.6/fw.bin")).isEmpty();
        TufClient.Target lamp = c.findTarget(TARGET).orElseThrow();
        assertThat(lamp.role()).isEqualTo("product-lamp-9");
        assertThat(lamp.file().sha256()).contains(real);
        assertThat(c.targetsUnder("lamp-9"))
                .extracting(TufClient.Target::path)
                .contains(TARGET)
                .doesNotContain("lamp-9/6.6.6/fw.bin");
    }

    @Test
    void aDelegatedRoleSignedByAKeyItIsNotDelegatedToIsRefused() {
        // the lamp's role, signed with the plug's key: the top-level targets name another key for it
        TufClient c =
                client(forgedRole("product-lamp-9", Map.of(TARGET, file("evil lamp 1.0.0")), productKey("plug-2")));
        c.refresh();
        assertRefused(() -> c.findTarget(TARGET), TufException.THRESHOLD);
    }

    @Test
    void theTopLevelTargetsDelegateEachProductToItsOwnTerminatingRole() {
        TufClient c = client(honest());
        c.refresh();
        Metadata.Targets top = c.trusted().targets("targets").orElseThrow();
        assertThat(top.targets()).as("no release, the IDevID chain only").containsOnlyKeys("idevid-chain.pem");
        Metadata.Delegations d = top.delegations().orElseThrow();
        assertThat(d.roles())
                .extracting(Metadata.DelegatedRole::name)
                .containsExactly("product-lamp-9", "product-plug-2");
        assertThat(d.roles()).allSatisfy(r -> assertThat(r.terminating()).isTrue());
        assertThat(d.roles().get(0).paths()).containsExactly("lamp-9/*/*");
        assertThat(c.findTarget(TARGET).orElseThrow().role()).isEqualTo("product-lamp-9");
    }

    @Test
    void rollbackAnOlderTimestampThanOneSeenIsRefused() throws Exception {
        byte[] oldTimestamp = honest().fetch("timestamp.json", 16_384).orElseThrow();
        publish("1.1.0", "lamp firmware 1.1.0");
        TufClient seen = client(honest());
        seen.refresh();

        TufClient next = client(
                mirror(Map.of("timestamp.json", oldTimestamp)),
                honest(),
                Instant.now(),
                seen.trustedTimestamp().orElseThrow(),
                seen.trustedSnapshot().orElseThrow());
        assertRefused(next::refresh, TufException.ROLLBACK);
    }

    @Test
    void indefiniteFreezeAnExpiredTimestampIsRefused() {
        // a mirror that keeps serving today's metadata to a device two days later: the timestamp lives one day
        TufClient later = client(honest(), files(honest()), Instant.now().plus(Duration.ofDays(2)), null, null);
        assertRefused(later::refresh, TufException.EXPIRED);
    }

    @Test
    void endlessDataAnOversizedTimestampOrImageIsRefused() {
        byte[] endless = new byte[64 * 1024];
        java.util.Arrays.fill(endless, (byte) ' ');
        assertRefused(() -> client(mirror(Map.of("timestamp.json", endless))).refresh(), TufException.SIZE);

        TufClient c = client(honest());
        c.refresh();
        TufClient.Target t = c.findTarget(TARGET).orElseThrow();
        String hashed = "targets/lamp-9/1.0.0/" + t.file().sha256().orElseThrow() + ".fw.bin";
        TufClient bigMirror = client(
                honest(),
                files(mirror(Map.of(hashed, new byte[(int) t.file().length() + 1000]))),
                Instant.now(),
                null,
                null);
        bigMirror.refresh();
        assertRefused(() -> bigMirror.download(bigMirror.findTarget(TARGET).orElseThrow()), TufException.SIZE);
    }

    @Test
    void mixAndMatchAnOlderSnapshotUnderTheCurrentNameIsRefused() throws Exception {
        publish("1.3.0", "lamp firmware 1.3.0");
        int current = snapshotVersion();
        byte[] older =
                honest().fetch((current - 1) + ".snapshot.json", 2_000_000).orElseThrow();
        // refused by the length or the hash the timestamp gives for it
        assertRefused(
                () -> client(mirror(Map.of(current + ".snapshot.json", older))).refresh(),
                TufException.SIZE,
                TufException.HASH);
    }

    @Test
    void aMaliciousMirrorAlteringTheImageIsRefused() {
        TufClient c = client(honest());
        c.refresh();
        TufClient.Target t = c.findTarget(TARGET).orElseThrow();
        String hashed = "targets/lamp-9/1.0.0/" + t.file().sha256().orElseThrow() + ".fw.bin";
        byte[] evil = "lamp firmware 6.6.6".getBytes(StandardCharsets.UTF_8);
        TufClient viaMirror = client(honest(), files(mirror(Map.of(hashed, evil))), Instant.now(), null, null);
        viaMirror.refresh();
        assertRefused(() -> viaMirror.download(viaMirror.findTarget(TARGET).orElseThrow()), TufException.HASH);
    }

    @Test
    void aReleaseRevokedAfterADeviceSawItIsNoLongerOffered() {
        JsonNode r = publish("1.2.0", "lamp firmware 1.2.0");
        TufClient before = client(honest());
        before.refresh();
        assertThat(before.findTarget("lamp-9/1.2.0/fw.bin")).isPresent();

        Api.Response revoked = server.api()
                .post(
                        "/api/v1/releases/" + r.get("id").asText() + "/revoke",
                        releaser.token(),
                        Map.of("reason", "bad build"));
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
        TufClient after = client(
                honest(),
                honest(),
                Instant.now(),
                before.trustedTimestamp().orElseThrow(),
                before.trustedSnapshot().orElseThrow());
        after.refresh();
        assertThat(after.findTarget("lamp-9/1.2.0/fw.bin")).isEmpty();
        assertThat(after.findTarget(TARGET)).isPresent();
    }

    private int snapshotVersion() throws IOException {
        byte[] ts = honest().fetch("timestamp.json", 16_384).orElseThrow();
        return Api.JSON
                .readTree(ts)
                .get("signed")
                .get("meta")
                .get("snapshot.json")
                .get("version")
                .asInt();
    }

    private static void assertRefused(ThrowingCallable call, String... reasons) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TufException.class, e -> assertThat(e.reason())
                .isIn((Object[]) reasons));
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigstore.tuf.FileExceedsMaxLengthException;
import dev.sigstore.tuf.FileSystemTufStore;
import dev.sigstore.tuf.MetaFetcher;
import dev.sigstore.tuf.PassthroughCacheMetaStore;
import dev.sigstore.tuf.TargetMetadataMissingException;
import dev.sigstore.tuf.TrustedMetaStore;
import dev.sigstore.tuf.Updater;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manufacturer's TUF repository read by sigstore-java 2.0.0's TUF client ({@code Updater}), which always asks for
 * versioned files ({@code N.root.json}, {@code N.snapshot.json}, {@code N.targets.json}) and hash-prefixed targets.
 * Its HTTP transport here is the JDK's client trusting the platform CA; fetching limits, parsing, signature checks
 * (over RFC 8785 JSON, which equals TUF's canonical form for the metadata Hallmark writes), versions, expiry and
 * hashes are sigstore-java's own.
 *
 * <p>sigstore-java downloads and verifies the one target of the top-level targets, the manufacturer's IDevID chain.
 * Releases are listed by each product's delegated targets role, which sigstore-java's {@code Updater} does not
 * search ("does not handle delegated targets"); it verifies the top-level chain up to the targets that delegate. (Its
 * model of a target's {@code custom} object also demands a {@code sigstore} member, so it could not read the product
 * roles' entries either.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TufSigstoreIT {
    private TestServer server;
    private Actor releaser;
    private String tufBase;
    private String org;
    private HttpClient http;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        org = server.givenOrganization("Zenith Sensors", "manufacturer");
        releaser = server.givenUser(org, "release-manager");
        ReleaseFixtures.product(server.api(), releaser.token(), "th-10", "Thermo 10");
        tufBase = "https://127.0.0.1:" + server.server().devicePort().orElseThrow() + "/tuf/" + org + "/";
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

    /** sigstore-java's fetcher contract over the JDK client: null for 404, refused past {@code maxLength}. */
    private dev.sigstore.tuf.Fetcher fetcher(String base) {
        return new dev.sigstore.tuf.Fetcher() {
            @Override
            public String getSource() {
                return base;
            }

            @Override
            public byte[] fetchResource(String filename, int maxLength) throws IOException {
                try {
                    HttpResponse<InputStream> r = http.send(
                            HttpRequest.newBuilder(URI.create(base + filename)).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream in = r.body()) {
                        if (r.statusCode() == 404) {
                            return null;
                        }
                        if (r.statusCode() != 200) {
                            throw new IOException(filename + ": HTTP " + r.statusCode());
                        }
                        byte[] bytes = in.readNBytes(maxLength);
                        if (bytes.length == maxLength && in.read() != -1) {
                            throw new FileExceedsMaxLengthException(base + filename, maxLength);
                        }
                        return bytes;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        };
    }

    private Updater updater(Path dir, byte[] root) throws IOException {
        return updater(dir, root, fetcher(tufBase + "targets/"));
    }

    private Updater updater(Path dir, byte[] root, dev.sigstore.tuf.Fetcher targets) throws IOException {
        FileSystemTufStore store = FileSystemTufStore.newFileSystemStore(Files.createDirectories(dir));
        return Updater.builder()
                .setTrustedRootPath(() -> new String(root, StandardCharsets.UTF_8))
                .setTrustedMetaStore(
                        TrustedMetaStore.newTrustedMetaStore(PassthroughCacheMetaStore.newPassthroughMetaCache(store)))
                .setTargetStore(store)
                .setMetaFetcher(MetaFetcher.newFetcher(fetcher(tufBase)))
                .setTargetFetcher(targets)
                .build();
    }

    private JsonNode publish(String version) {
        return ReleaseFixtures.publish(
                server.api(),
                releaser.token(),
                "th-10",
                version,
                ("Thermo firmware " + version).getBytes(StandardCharsets.UTF_8),
                "fw.bin",
                Map.of("hardware", List.of("a1")));
    }

    private byte[] root() throws Exception {
        return fetcher(tufBase).fetchResource("1.root.json", 512_000);
    }

    @Test
    void sigstoreJavaVerifiesTheWholeChainAndDoesNotFindARevokedRelease() throws Exception {
        JsonNode release = publish("1.0.0");
        Api.Response revoked = server.api()
                .post(
                        "/api/v1/releases/" + release.get("id").asText() + "/revoke",
                        releaser.token(),
                        Map.of("reason", "withdrawn"));
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);

        Updater updater = updater(tmp.resolve("chain"), root());
        updater.updateMeta();

        assertThat(Files.readString(tmp.resolve("chain/targets.json"))).contains("\"version\":2");
        assertThatThrownBy(() -> updater.downloadTarget("th-10/1.0.0/fw.bin"))
                .isInstanceOf(TargetMetadataMissingException.class);
    }

    @Test
    void sigstoreJavaVerifiesTheTopLevelTargetsButDoesNotFollowTheDelegationToTheProductRole() throws Exception {
        publish("2.0.0");
        Updater updater = updater(tmp.resolve("custom"), root());

        // the top-level targets list no release (they delegate), so its model reads them and every check passes
        updater.updateMeta();
        assertThat(Files.readString(tmp.resolve("custom/targets.json")))
                .contains("\"delegations\"")
                .contains("product-th-10");
        // sigstore-java's Updater does not search delegated roles (its documentation says so): no release found
        assertThatThrownBy(() -> updater.downloadTarget("th-10/2.0.0/fw.bin"))
                .isInstanceOf(TargetMetadataMissingException.class);
    }

    @Test
    void sigstoreJavaDownloadsAndVerifiesTheManufacturersIdevidChainAndRefusesAlteredBytes() throws Exception {
        publish("3.0.0");
        JsonNode ca = server.api()
                .get("/api/v1/organizations/" + org + "/ca", server.adminToken())
                .json();

        Updater updater = updater(tmp.resolve("anchors"), root());
        updater.updateMeta();
        updater.downloadTarget("idevid-chain.pem");

        String chain = new String(
                FileSystemTufStore.newFileSystemStore(tmp.resolve("anchors")).readTarget("idevid-chain.pem"),
                StandardCharsets.US_ASCII);
        assertThat(chain)
                .contains(ca.get("idevid").asText().strip())
                .contains(ca.get("root").asText().strip());

        // a mirror that changes one byte of the chain: sigstore-java checks the length and SHA-256 the targets signed
        dev.sigstore.tuf.Fetcher honest = fetcher(tufBase + "targets/");
        dev.sigstore.tuf.Fetcher lying = new dev.sigstore.tuf.Fetcher() {
            @Override
            public String getSource() {
                return honest.getSource();
            }

            @Override
            public byte[] fetchResource(String filename, int maxLength) throws IOException {
                byte[] bytes = honest.fetchResource(filename, maxLength);
                if (bytes != null && bytes.length > 40) {
                    bytes[40] ^= 1;
                }
                return bytes;
            }
        };
        Updater fooled = updater(tmp.resolve("altered"), root(), lying);
        fooled.updateMeta();
        assertThatThrownBy(() -> fooled.downloadTarget("idevid-chain.pem"))
                .isInstanceOf(dev.sigstore.tuf.InvalidHashesException.class);
        assertThat(FileSystemTufStore.newFileSystemStore(tmp.resolve("altered")).hasTarget("idevid-chain.pem"))
                .isFalse();
    }
}

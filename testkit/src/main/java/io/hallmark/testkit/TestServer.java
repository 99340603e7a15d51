package io.hallmark.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.server.app.ConfigLoader;
import io.hallmark.server.app.HallmarkServer;
import io.hallmark.server.app.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Hallmark server for a test: a fresh data directory, random ports on 127.0.0.1, the given store, a
 * {@link FakeClock}. Close it at the end of the test; it deletes its directory.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.givenServer(Store.H2)) {
 *     Actor alice = server.givenNamedUser(server.givenOrganization("Acme", "manufacturer"), "alice", "admin");
 *     assertThat(server.api().get("/api/v1/me", alice.token()).status()).isEqualTo(200);
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
    private final Path dir;
    private final HallmarkServer server;
    private final FakeClock clock;
    private final Api api;
    private final String adminToken;
    private final Store store;
    private int counter;

    private TestServer(Path dir, HallmarkServer server, FakeClock clock, Store store) {
        this.dir = dir;
        this.server = server;
        this.clock = clock;
        this.store = store;
        this.api = new Api(server.apiUrl(), dir.resolve(HallmarkServer.CA_FILE));
        try {
            this.adminToken = Files.readString(dir.resolve(HallmarkServer.ADMIN_TOKEN_FILE))
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server on {@code store} with default settings. */
    public static TestServer givenServer(Store store) {
        return givenServer(store, Map.of());
    }

    /** Starts a server on {@code store}; {@code settings} override configuration keys (see ConfigLoader). */
    public static TestServer givenServer(Store store, Map<String, String> settings) {
        try {
            // first the database: a skipped PostgreSQL case must leave nothing behind
            java.util.Optional<String> dbUrl = store.freshDatabaseUrl();
            Path dir = Files.createTempDirectory("hallmark-it-");
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("data", dir.toString());
            flags.put("api-port", "0");
            flags.put("device-port", "0");
            flags.put("mqtt-port", "0");
            flags.put("pki-http-port", "8080");
            dbUrl.ifPresent(url -> flags.put("db", url));
            flags.putAll(settings);
            ServerConfig config = ConfigLoader.load(java.util.Optional.empty(), Map.of(), flags);
            ServerConfig random = new ServerConfig(
                    config.dataDir(),
                    config.bind(),
                    0,
                    0,
                    config.mqttPort(),
                    config.pkiHttpPort() < 0 ? -1 : 0,
                    config.dbUrl(),
                    config.dbUser(),
                    config.dbPassword(),
                    config.tlsNames(),
                    config.maxBodyBytes(),
                    config.checkpointEntries(),
                    config.checkpointSeconds(),
                    config.witnessFile(),
                    config.witnessUrl(),
                    config.pkiPublicUrl(),
                    config.pkcs11Library(),
                    config.pkcs11Slot(),
                    config.pkcs11PinFile(),
                    config.fleetAudit(),
                    config.mqtt());
            FakeClock clock = FakeClock.atNow();
            HallmarkServer server = HallmarkServer.start(random, Map.of(), clock);
            return new TestServer(dir, server, clock, store);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client, trusting this server's CA. */
    public Api api() {
        return api;
    }

    /** The bootstrap platform admin's token. */
    public String adminToken() {
        return adminToken;
    }

    /** The server's clock; advance it to expire tokens and sessions. */
    public FakeClock clock() {
        return clock;
    }

    /** The running server (database, routes, services). */
    public HallmarkServer server() {
        return server;
    }

    /** The data directory. */
    public Path dataDir() {
        return dir;
    }

    /** The store this server runs on. */
    public Store store() {
        return store;
    }

    /** The operator API's base URL. */
    public String url() {
        return server.apiUrl();
    }

    /** An organization made by the platform admin; returns its id. */
    public String givenOrganization(String name, String... kinds) {
        Api.Response r = api.post("/api/v1/organizations", adminToken, Map.of("name", name, "kinds", List.of(kinds)));
        assertThat(r.status()).as("create organization %s: %s", name, r).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** A user with {@code roles} in organization {@code orgId}, made by the platform admin. */
    public Actor givenNamedUser(String orgId, String name, String... roles) {
        Api.Response r =
                api.post("/api/v1/users", adminToken, Map.of("org", orgId, "name", name, "roles", List.of(roles)));
        assertThat(r.status()).as("create user %s: %s", name, r).isEqualTo(201);
        JsonNode j = r.json();
        return new Actor(
                j.at("/user/id").asText(),
                name,
                orgId,
                j.at("/token/token").asText(),
                j.at("/token/id").asText());
    }

    /** A user with a unique generated name. */
    public Actor givenUser(String orgId, String... roles) {
        return givenNamedUser(orgId, "user" + (++counter) + "-" + String.join("-", roles), roles);
    }

    /**
     * A user acting through the API.
     *
     * @param token their API token text
     * @param tokenId the token's id
     */
    public record Actor(String id, String name, String orgId, String token, String tokenId) {}

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory is harmless
            }
        }
    }
}

package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.agent.Agent;
import io.hallmark.agent.Firmware;
import io.hallmark.agent.TelemetryClient;
import io.hallmark.protocol.attestation.Tier;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device list's filters over the REST API: real agents enroll, attest (honest and tampered) and report their
 * firmware in telemetry; the owner tags some; {@code GET /api/v1/devices} answers each filter alone and together,
 * pages them by cursor, and refuses malformed values with a problem (400).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceListFiltersIT {
    private static final Firmware THERMO = Firmware.simulated("thermo-os", "2.3.0", Optional.of("FT-1"));

    private TestServer server;
    private Actor owner;
    private String thermo;
    private String valve;
    private Path platformCa;
    private URI devicePort;

    private Path tmp;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        server = TestServer.givenServer(Store.H2);
        String maker = server.givenOrganization("Filter Makers", "manufacturer");
        Actor makerAdmin = server.givenUser(maker, "admin");
        owner = server.givenUser(server.givenOrganization("Filter Owners", "owner"), "admin");
        platformCa = server.dataDir().resolve("trust/platform-ca.pem");
        devicePort =
                URI.create("https://127.0.0.1:" + server.server().devicePort().orElseThrow());
        thermo = product(makerAdmin, "FT-1");
        valve = product(makerAdmin, "FV-1");
        Map<String, List<String>> reference = new java.util.TreeMap<>();
        THERMO.referenceValues().forEach((c, d) -> reference.put(c, List.of(d)));
        Api.Response set = server.api()
                .send(
                        "PUT",
                        "/api/v1/products/" + thermo + "/reference-values",
                        makerAdmin.token(),
                        Map.of("components", reference),
                        "application/json");
        assertThat(set.status()).as("%s", set).isEqualTo(200);

        // F-1, F-2: thermostats, affirming, firmware 2.3.0, site berlin; F-3: a tampered thermostat (contraindicated);
        // F-4: a valve that never attested (unknown), firmware 1.0.0, site berlin; F-5: a valve, nothing reported
        assertThat(enrolled("F-1", thermo).attest(THERMO).status()).isEqualTo(Tier.AFFIRMING);
        assertThat(enrolled("F-2", thermo).attest(THERMO).status()).isEqualTo(Tier.AFFIRMING);
        assertThat(enrolled("F-3", thermo).attest(THERMO.tampered("kernel")).status())
                .isEqualTo(Tier.CONTRAINDICATED);
        enrolled("F-4", valve);
        enrolled("F-5", valve);
        report("F-1", "2.3.0");
        report("F-2", "2.3.0");
        report("F-4", "1.0.0");
        tag("F-1", "berlin");
        tag("F-2", "berlin");
        tag("F-4", "berlin");
        tag("F-3", "paris");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eachFilterAloneAndTogetherListsTheMatchingDevices() {
        assertThat(serials("product=" + valve)).containsExactlyInAnyOrder("F-4", "F-5");
        assertThat(serials("firmware=2.3.0")).containsExactlyInAnyOrder("F-1", "F-2");
        assertThat(serials("tag=" + enc("site=berlin"))).containsExactlyInAnyOrder("F-1", "F-2", "F-4");
        assertThat(serials("integrity=affirming")).containsExactlyInAnyOrder("F-1", "F-2");
        assertThat(serials("integrity=contraindicated")).containsExactly("F-3");
        assertThat(serials("integrity=unknown")).containsExactlyInAnyOrder("F-4", "F-5");
        assertThat(serials("integrity=unknown&tag=" + enc("site=berlin"))).containsExactly("F-4");
        assertThat(serials("product=" + thermo + "&state=active&integrity=affirming&firmware=2.3.0&tag="
                        + enc("site=berlin")))
                .containsExactlyInAnyOrder("F-1", "F-2");
        assertThat(serials("product=" + thermo + "&firmware=1.0.0")).isEmpty();
    }

    @Test
    void aFilteredListPagesByCursor() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page =
                    list("tag=" + enc("site=berlin") + "&limit=1" + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            page.get("items").forEach(d -> seen.add(d.get("serial").asText()));
            cursor =
                    page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).containsExactlyInAnyOrder("F-1", "F-2", "F-4");
    }

    @Test
    void malformedFilterValuesAreRefusedWithAProblem() {
        for (String bad : List.of(
                "state=sleeping",
                "integrity=fine",
                "product=" + enc("prd 1"),
                "firmware=" + enc("1.0 beta"),
                "tag=site",
                "tag=" + enc("Site=berlin"),
                "tag=" + enc("site=ber lin"))) {
            Api.Response r = server.api().get("/api/v1/devices?" + bad, owner.token());
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.header("Content-Type")).as(bad).startsWith("application/problem+json");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // the clock only moves forward: after the other tests
    void integrityTurnsUnknownOnceTheLatestResultIsOlderThanThePolicyInterval() {
        Actor other = server.givenUser(server.givenOrganization("Stale Owners", "owner"), "admin");
        Agent agent;
        try {
            agent = enrolled(other, "FS-1", thermo);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(agent.attest(THERMO).status()).isEqualTo(Tier.AFFIRMING);
        assertThat(serials(other, "integrity=affirming")).containsExactly("FS-1");

        server.clock().advance(Duration.ofHours(1).plusMinutes(1));

        assertThat(serials(other, "integrity=affirming")).isEmpty();
        assertThat(serials(other, "integrity=unknown")).containsExactly("FS-1");
    }

    private List<String> serials(String query) {
        return serials(owner, query);
    }

    private List<String> serials(Actor who, String query) {
        List<String> out = new ArrayList<>();
        list(who, query).get("items").forEach(d -> out.add(d.get("serial").asText()));
        return out;
    }

    private JsonNode list(String query) {
        return list(owner, query);
    }

    private JsonNode list(Actor who, String query) {
        Api.Response r = server.api().get("/api/v1/devices?" + query, who.token());
        assertThat(r.status()).as("%s: %s", query, r).isEqualTo(200);
        return r.json();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private String product(Actor maker, String model) {
        Api.Response p = server.api().post("/api/v1/products", maker.token(), Map.of("model", model, "name", model));
        assertThat(p.status()).as("%s", p).isEqualTo(201);
        return p.json().get("id").asText();
    }

    private Agent enrolled(String serial, String productId) throws IOException {
        return enrolled(owner, serial, productId);
    }

    private Agent enrolled(Actor who, String serial, String productId) throws IOException {
        return AgentEnrollment.enrolled(server, who, serial, productId, tmp);
    }

    /** The device sends one telemetry report over mutual TLS, naming the firmware it runs. */
    private void report(String serial, String firmware) throws IOException {
        String report = "{\"v\":1,\"dev\":\"" + serial + "\",\"seq\":1,\"t\":1795000000,\"dur\":60,\"bo\":100,"
                + "\"bi\":100,\"po\":1,\"pi\":1,\"ca\":0,\"ce\":0,\"dst\":[],\"lsn\":[],\"af\":0,\"cpu\":1,"
                + "\"mem\":1024,\"fw\":\"" + firmware + "\",\"up\":60,\"ev\":[]}";
        TelemetryClient client =
                TelemetryClient.open(tmp.resolve(serial), devicePort, platformCa, Duration.ofSeconds(10));
        assertThat(client.send(report.getBytes(StandardCharsets.UTF_8)))
                .as("telemetry of %s", serial)
                .isEqualTo(202);
    }

    private void tag(String serial, String site) {
        Api.Response r = server.api()
                .patch("/api/v1/devices/" + serial + "/tags", owner.token(), Map.of("add", Map.of("site", site)));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }
}

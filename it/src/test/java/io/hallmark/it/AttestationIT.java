package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import io.hallmark.agent.Agent;
import io.hallmark.agent.AttestationOutcome;
import io.hallmark.agent.Firmware;
import io.hallmark.agent.Misbehaviour;
import io.hallmark.core.Pem;
import io.hallmark.protocol.attestation.DebugStatus;
import io.hallmark.protocol.attestation.EarClaims;
import io.hallmark.protocol.attestation.Tier;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Command;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote attestation end to end: the Java agent attests against a real server over mutual TLS; tampered, debugging,
 * replaying, stale, foreign-key and impersonating devices each end with the right finding; only the tampered are
 * contraindicated; a relying party verifies a fetched result offline with the published key; attested activation and
 * quarantine on contraindicated follow the owner's policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttestationIT {
    private static final Firmware FIRMWARE = Firmware.simulated("thermo-os", "2.3.0", Optional.of("THERMO-1"));

    private TestServer server;
    private Actor ownerAdmin;
    private Actor makerAdmin;
    private String productId;
    private Path platformCa;
    private URI devicePort;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        server = TestServer.givenServer(Store.H2);
        String maker = server.givenOrganization("Thermo Makers", "manufacturer");
        makerAdmin = server.givenUser(maker, "admin");
        String owner = server.givenOrganization("Attesting Owners", "owner");
        ownerAdmin = server.givenUser(owner, "admin");
        platformCa = server.dataDir().resolve("trust/platform-ca.pem");
        devicePort =
                URI.create("https://127.0.0.1:" + server.server().devicePort().orElseThrow());
        Api.Response product = server.api()
                .post("/api/v1/products", makerAdmin.token(), Map.of("model", "THERMO-1", "name", "Thermostat"));
        assertThat(product.status()).as("%s", product).isEqualTo(201);
        productId = product.json().get("id").asText();
        Map<String, List<String>> reference = new java.util.TreeMap<>();
        FIRMWARE.referenceValues().forEach((c, d) -> reference.put(c, List.of(d)));
        Api.Response set = server.api()
                .send(
                        "PUT",
                        "/api/v1/products/" + productId + "/reference-values",
                        makerAdmin.token(),
                        Map.of("components", reference),
                        "application/json");
        assertThat(set.status()).as("%s", set).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anHonestAgentIsAffirmingAndARelyingPartyVerifiesTheFetchedResultOffline() throws Exception {
        Agent agent = enrolled(ownerAdmin, "AT-1000");

        AttestationOutcome outcome = agent.attest(FIRMWARE);

        assertThat(outcome.status()).as("%s", outcome).isEqualTo(Tier.AFFIRMING);
        assertThat(outcome.findings()).isEmpty();
        JsonNode latest = server.api()
                .get("/api/v1/devices/AT-1000/attestation", ownerAdmin.token())
                .json();
        assertThat(latest.get("integrity").asText()).isEqualTo("affirming");
        assertThat(latest.at("/vector/executables").asInt()).isEqualTo(3);
        // the relying party: the public key from the platform, then the result checked without the platform
        Api.Response key = server.api().get("/api/v1/attestation/key", null);
        assertThat(key.status()).isEqualTo(200);
        ECKey jwk = ECKey.parse(key.body());
        JWSObject ear = JWSObject.parse(latest.get("ear").asText());
        assertThat(ear.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(ear.verify(new ECDSAVerifier(jwk))).isTrue();
        EarClaims.Result claims = EarClaims.read(ear.getPayload().toBytes());
        assertThat(claims.serial()).isEqualTo("AT-1000");
        assertThat(claims.status()).isEqualTo(Tier.AFFIRMING);
        assertThat(ear.getPayload().toJSONObject())
                .containsEntry("eat_profile", "tag:ietf.org,2026:rats/ear#03")
                .containsKeys("ear_verifier_id", "submods", "iat");
        // a flipped payload byte does not verify
        String[] parts = latest.get("ear").asText().split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, 10) + (parts[1].charAt(10) == 'A' ? 'B' : 'A')
                + parts[1].substring(11) + "." + parts[2];
        assertThat(JWSObject.parse(forged).verify(new ECDSAVerifier(jwk))).isFalse();
    }

    @Test
    void opensslVerifiesAFetchedResultWithThePublishedKey() throws Exception {
        Assumptions.assumeTrue(Command.onPath("openssl"), "openssl not installed: skipped");
        enrolled(ownerAdmin, "AT-2000").attest(FIRMWARE);
        String ear = server.api()
                .get("/api/v1/devices/AT-2000/attestation", ownerAdmin.token())
                .json()
                .get("ear")
                .asText();
        ECKey jwk =
                ECKey.parse(server.api().get("/api/v1/attestation/key", null).body());
        Path dir = Files.createDirectories(tmp.resolve("relying-party"));
        Path pub = Files.writeString(dir.resolve("ear-key.pem"), Pem.publicKey(jwk.toECPublicKey()));
        int dot = ear.lastIndexOf('.');
        Path input = Files.write(dir.resolve("input"), ear.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        byte[] p1363 = Base64.getUrlDecoder().decode(ear.substring(dot + 1));
        // JWS carries R || S (RFC 7518 §3.4); openssl wants the DER SEQUENCE of two INTEGERs
        Path sig = Files.write(dir.resolve("sig.der"), der(p1363));

        Command verified = Command.run(
                dir,
                "openssl",
                "dgst",
                "-sha256",
                "-verify",
                pub.toString(),
                "-signature",
                sig.toString(),
                input.toString());

        assertThat(verified.exitCode()).as("%s", verified).isZero();
        assertThat(verified.out()).contains("Verified OK");
    }

    private static byte[] der(byte[] p1363) throws IOException {
        int half = p1363.length / 2;
        org.bouncycastle.asn1.ASN1EncodableVector v = new org.bouncycastle.asn1.ASN1EncodableVector();
        v.add(new org.bouncycastle.asn1.ASN1Integer(new BigInteger(1, Arrays.copyOfRange(p1363, 0, half))));
        v.add(new org.bouncycastle.asn1.ASN1Integer(new BigInteger(1, Arrays.copyOfRange(p1363, half, p1363.length))));
        return new org.bouncycastle.asn1.DERSequence(v).getEncoded();
    }

    @Test
    void theAgentAttestsOnAnIntervalAndEveryResultIsInTheHistory() throws Exception {
        Api.Response added = server.api()
                .post("/api/v1/devices", ownerAdmin.token(), Map.of("serial", "AT-3000", "product", productId));
        List<Duration> waits = new java.util.ArrayList<>();
        Agent agent = Agent.builder()
                .stateDirectory(Files.createDirectories(tmp.resolve("AT-3000")))
                .server(devicePort)
                .trustAnchor(platformCa)
                .serial("AT-3000")
                .clock(server.clock())
                .sleeper(waits::add)
                .build();
        agent.enroll(added.json().get("enrollmentSecret").asText());

        List<AttestationOutcome> outcomes = agent.attestEvery(FIRMWARE, Duration.ofMinutes(10), 3);

        assertThat(outcomes)
                .extracting(AttestationOutcome::status)
                .containsOnly(Tier.AFFIRMING)
                .hasSize(3);
        assertThat(waits).containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(10));
        JsonNode history = server.api()
                .get("/api/v1/devices/AT-3000/attestation/history?limit=5", ownerAdmin.token())
                .json();
        assertThat(history.get("items")).hasSize(3);
        CliRun shown = CliRun.run(env(ownerAdmin, "owner"), "attest", "show", "AT-3000", "--json");
        assertThat(shown.exitCode()).as("%s", shown).isZero();
        assertThat(Api.JSON.readTree(shown.out()).at("/latest/integrity").asText())
                .isEqualTo("affirming");
    }

    @Test
    void misbehavingDevicesEndWithTheRightFindingAndOnlyTheTamperedAreContraindicated() throws Exception {
        String fleet = server.givenOrganization("Mixed Fleet", "owner");
        Actor admin = server.givenUser(fleet, "admin");
        Map<String, AttestationOutcome> outcomes = new java.util.LinkedHashMap<>();
        outcomes.put("MF-HONEST", enrolled(admin, "MF-HONEST").attest(FIRMWARE));
        outcomes.put("MF-TAMPER-1", enrolled(admin, "MF-TAMPER-1").attest(FIRMWARE.tampered("kernel")));
        outcomes.put("MF-TAMPER-2", enrolled(admin, "MF-TAMPER-2").attest(FIRMWARE.tampered("application")));
        outcomes.put("MF-DEBUG", enrolled(admin, "MF-DEBUG").attest(FIRMWARE.withDebug(DebugStatus.ENABLED)));
        outcomes.put("MF-REPLAY", enrolled(admin, "MF-REPLAY").attest(FIRMWARE, Misbehaviour.REPLAY_NONCE));
        outcomes.put("MF-STALE", enrolled(admin, "MF-STALE").attest(FIRMWARE, Misbehaviour.STALE_EVIDENCE));
        outcomes.put("MF-FOREIGN", enrolled(admin, "MF-FOREIGN").attest(FIRMWARE, Misbehaviour.FOREIGN_KEY));
        outcomes.put("MF-OTHER", enrolled(admin, "MF-OTHER").attest(FIRMWARE, Misbehaviour.OTHER_DEVICE));

        assertThat(outcomes.get("MF-HONEST").status()).isEqualTo(Tier.AFFIRMING);
        assertThat(outcomes.get("MF-TAMPER-1").status()).isEqualTo(Tier.CONTRAINDICATED);
        assertThat(outcomes.get("MF-TAMPER-1").findingIds()).containsExactly("attestation.measurement.mismatch");
        assertThat(outcomes.get("MF-TAMPER-2").findingIds()).containsExactly("attestation.measurement.mismatch");
        assertThat(outcomes.get("MF-DEBUG").status()).isEqualTo(Tier.WARNING);
        assertThat(outcomes.get("MF-DEBUG").findingIds()).containsExactly("attestation.debug.enabled");
        assertThat(outcomes.get("MF-REPLAY").findingIds()).containsExactly("attestation.nonce.replayed");
        assertThat(outcomes.get("MF-STALE").findingIds()).contains("attestation.iat.stale");
        assertThat(outcomes.get("MF-FOREIGN").findingIds()).containsExactly("attestation.signature.invalid");
        assertThat(outcomes.get("MF-OTHER").findingIds()).containsExactly("attestation.ueid.mismatch");
        for (String refused : List.of("MF-REPLAY", "MF-STALE", "MF-FOREIGN", "MF-OTHER")) {
            assertThat(outcomes.get(refused).refused()).as(refused).isTrue();
        }

        Map<String, String> env = env(admin, "mixed");
        CliRun listed = CliRun.run(env, "device", "list", "--integrity", "contraindicated", "--json");
        assertThat(listed.exitCode()).as("%s", listed).isZero();
        Set<String> serials = new TreeSet<>();
        for (JsonNode d : Api.JSON.readTree(listed.out()).get("items")) {
            serials.add(d.get("serial").asText());
        }
        assertThat(serials).containsExactly("MF-TAMPER-1", "MF-TAMPER-2");
        CliRun warned = CliRun.run(env, "device", "list", "--integrity", "warning", "--json");
        assertThat(warned.out()).contains("MF-DEBUG").doesNotContain("MF-HONEST");
        // refused evidence changes nothing: the replaying device (whose first, honest evidence counted) is affirming,
        // the others have no result at all
        CliRun unknown = CliRun.run(env, "device", "list", "--integrity", "unknown", "--json");
        assertThat(unknown.out()).contains("MF-STALE", "MF-FOREIGN", "MF-OTHER").doesNotContain("MF-TAMPER");
        CliRun shown = CliRun.run(env, "attest", "show", "MF-TAMPER-1");
        assertThat(shown.exitCode()).as("%s", shown).isZero();
        assertThat(shown.out())
                .contains("integrity: contraindicated", "attestation.measurement.mismatch", "executables=96");
        // every appraisal is audited, refusals too
        JsonNode audit = server.api()
                .get("/api/v1/audit/entries?action=attestation.evidence&limit=100", admin.token())
                .json();
        assertThat(audit.toString()).contains("attestation.signature.invalid", "attestation.ueid.mismatch");
    }

    @Test
    void aDeviceMarkedAsDevelopmentMayAttestWithDebugEnabled() throws Exception {
        String lab = server.givenOrganization("Lab Owners", "owner");
        Actor admin = server.givenUser(lab, "admin");
        Agent agent = enrolled(admin, "LAB-1");
        Firmware debugging = FIRMWARE.withDebug(DebugStatus.ENABLED);
        Map<String, String> env = env(admin, "lab");
        CliRun shown = CliRun.run(env, "attest", "production", "LAB-1");
        assertThat(shown.out()).as("%s", shown).contains("LAB-1: production");
        assertThat(agent.attest(debugging).status()).isEqualTo(Tier.WARNING);

        CliRun marked = CliRun.run(env, "attest", "production", "LAB-1", "--set", "development", "--json");
        AttestationOutcome development = agent.attest(debugging);

        assertThat(marked.exitCode()).as("%s", marked).isZero();
        assertThat(marked.out()).contains("\"production\":false");
        assertThat(development.status()).isEqualTo(Tier.AFFIRMING);
        assertThat(development.findingIds()).containsExactly("attestation.debug.enabled");
        assertThat(server.api()
                        .get("/api/v1/devices/LAB-1/attestation", admin.token())
                        .json()
                        .at("/findings/0/severity")
                        .asText())
                .isEqualTo("info");
        // another organization may neither read nor change it; nonsense is a 400
        Api.Response foreign = server.api()
                .send(
                        "PUT",
                        "/api/v1/devices/LAB-1/attestation/production",
                        ownerAdmin.token(),
                        Map.of("production", true),
                        "application/json");
        assertThat(foreign.status()).isIn(403, 404);
        Api.Response missing = server.api()
                .send(
                        "PUT",
                        "/api/v1/devices/LAB-1/attestation/production",
                        admin.token(),
                        Map.of(),
                        "application/json");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(CliRun.run(env, "attest", "production", "LAB-1", "--set", "maybe")
                        .exitCode())
                .isNotZero();
        JsonNode audit = server.api()
                .get("/api/v1/audit/entries?action=attestation.production&limit=10", admin.token())
                .json();
        assertThat(audit.toString()).contains("development");

        assertThat(CliRun.run(env, "attest", "production", "LAB-1", "--set", "production")
                        .out())
                .contains("LAB-1: production");
        assertThat(agent.attest(debugging).status()).isEqualTo(Tier.WARNING);
    }

    @Test
    void attestedActivationWaitsForAnAffirmingResult() throws Exception {
        String careful = server.givenOrganization("Attested Owners", "owner");
        Actor admin = server.givenUser(careful, "admin");
        CliRun policy = CliRun.run(env(admin, "careful"), "device", "policy", "--activation", "attested");
        assertThat(policy.exitCode()).as("%s", policy).isZero();
        Agent agent = enrolled(admin, "AA-1");
        assertThat(state(admin, "AA-1")).isEqualTo("enrolled");

        assertThat(agent.attest(FIRMWARE.withDebug(DebugStatus.ENABLED)).status())
                .isEqualTo(Tier.WARNING);
        assertThat(state(admin, "AA-1")).isEqualTo("enrolled");
        assertThat(agent.attest(FIRMWARE).status()).isEqualTo(Tier.AFFIRMING);

        assertThat(state(admin, "AA-1")).isEqualTo("active");
    }

    @Test
    void aContraindicatedResultQuarantinesWhenTheOwnerSaysSo() throws Exception {
        String strict = server.givenOrganization("Strict Owners", "owner");
        Actor admin = server.givenUser(strict, "admin");
        CliRun policy = CliRun.run(
                env(admin, "strict"), "attest", "policy", "--interval", "30m", "--quarantine", "true", "--json");
        assertThat(policy.exitCode()).as("%s", policy).isZero();
        assertThat(policy.out()).contains("\"intervalSeconds\":1800", "\"quarantineOnContraindicated\":true");
        Agent agent = enrolled(admin, "SQ-1");

        assertThat(agent.attest(FIRMWARE.tampered("bootloader")).status()).isEqualTo(Tier.CONTRAINDICATED);

        assertThat(state(admin, "SQ-1")).isEqualTo("quarantined");
        server.clock().advance(Duration.ofMinutes(31));
        try {
            assertThat(server.api()
                            .get("/api/v1/devices/SQ-1/attestation", admin.token())
                            .json()
                            .get("integrity")
                            .asText())
                    .as("no result within the interval")
                    .isEqualTo("unknown");
        } finally {
            // certificates issued later must not start in the future of the TLS layer's real clock
            server.clock().advance(Duration.ofMinutes(-31));
        }
    }

    private Agent enrolled(Actor owner, String serial) throws IOException {
        return AgentEnrollment.enrolled(server, owner, serial, productId, tmp);
    }

    private String state(Actor owner, String serial) {
        return server.api()
                .get("/api/v1/devices/" + serial, owner.token())
                .json()
                .at("/device/state")
                .asText();
    }

    private Map<String, String> env(Actor actor, String name) throws IOException {
        return CliRun.env(server, actor.token(), name + ".token");
    }
}

package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.agent.Agent;
import io.hallmark.agent.AttestationOutcome;
import io.hallmark.agent.Firmware;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rest of the demo's story, after the small fleet is enrolled: the maker's reference measurements, the devices'
 * attestation (one of them tampered with), a security release in the maker's TUF repository with its SBOM and
 * measurements, the owner's rollout of it, and a trust label for the product. Each step goes through the public API
 * or the Java agent, as a real maker, owner or device would; a step that fails is reported and the demo goes on.
 */
final class DemoStory {
    static final String SWNAME = "cam-fw";

    private final ApiClient api;
    private final PrintWriter out;

    DemoStory(ApiClient api, PrintWriter out) {
        this.api = api;
        this.out = out;
    }

    /**
     * Runs the story.
     *
     * @param agents the owner's enrolled, active devices by serial
     * @param tampered the serial of the device whose kernel image is changed before it attests
     */
    void run(String maker, String owner, String productId, String model, Map<String, Agent> agents, String tampered) {
        step("reference values", () -> referenceValues(productId));
        step("attestation", () -> attest(agents, model, tampered));
        String release = step("release", () -> publish(maker, productId));
        if (release != null) {
            step("rollout", () -> rollout(owner, release));
        }
        step("trust label", () -> label(productId));
        step("vulnerability", () -> advisory(maker));
    }

    private Done advisory(String maker) {
        String osv = """
                {"schema_version":"1.6.0","id":"DEMO-2026-0001","modified":"2026-11-01T00:00:00Z",
                 "summary":"Demo advisory: a heap overflow in busybox's DHCP client (an example, not a real advisory)",
                 "affected":[{"package":{"ecosystem":"Demo","name":"busybox","purl":"pkg:generic/busybox"},
                   "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.37.0"}]}]}],
                 "database_specific":{"severity":"HIGH"}}
                """;
        String path = ApiClient.query("/api/v1/vulnerabilities/imports", Map.of("org", maker, "name", "demo-osv.json"));
        JsonNode imported =
                Json.read(api.sendBytes("POST", path, osv.getBytes(StandardCharsets.UTF_8), "application/json")
                        .body());
        if (imported.path("refused").size() > 0) {
            return new Done("the example advisory was refused: " + imported.path("refused"));
        }
        JsonNode exposure = Json.read(api.get(ApiClient.query("/api/v1/vulnerabilities/exposure", Map.of("org", maker)))
                .body());
        int n = exposure.path("advisories").size();
        return new Done(
                "an example OSV advisory imported; the exposure lists " + n + (n == 1 ? " advisory" : " advisories")
                        + " affecting the maker's releases (./hallmark vuln exposure --org \"Acme Devices\")");
    }

    private Done referenceValues(String productId) {
        Map<String, List<String>> components = new TreeMap<>();
        Firmware.simulated(SWNAME, "1.0.0", Optional.empty())
                .referenceValues()
                .forEach((c, d) -> components.put(c, List.of(d)));
        api.put(
                "/api/v1/products/" + ApiClient.segment(productId) + "/reference-values",
                Map.of("components", components));
        return new Done("the reference measurements of " + SWNAME + " 1.0.0 set for the product");
    }

    private Done attest(Map<String, Agent> agents, String model, String tampered) {
        List<String> results = new ArrayList<>();
        for (Map.Entry<String, Agent> e : agents.entrySet()) {
            Firmware firmware = Firmware.simulated(SWNAME, "1.0.0", Optional.of(model));
            if (e.getKey().equals(tampered)) {
                firmware = firmware.tampered("kernel");
            }
            AttestationOutcome outcome = e.getValue().attest(firmware);
            results.add(e.getKey() + " " + outcome.status().toString().toLowerCase(java.util.Locale.ROOT));
        }
        return new Done(String.join(", ", results) + " (" + tampered + "'s kernel image was changed)");
    }

    private Done publish(String maker, String productId) throws IOException {
        Firmware next = Firmware.simulated(SWNAME, "2.0.0", Optional.empty());
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        for (byte[] part : next.images().values()) {
            image.write(part);
        }
        String imageSha = upload(maker, image.toByteArray());
        String sbomSha = upload(maker, sbom().getBytes(StandardCharsets.UTF_8));
        Map<String, String> measurements = new LinkedHashMap<>();
        next.referenceValues().forEach((c, d) -> measurements.put(c, d.substring(d.indexOf(':') + 1)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("org", maker);
        body.put("product", productId);
        body.put("version", "2.0.0");
        body.put("image", imageSha);
        body.put("imageName", SWNAME + "-2.0.0.bin");
        body.put("sbom", sbomSha);
        body.put("measurements", measurements);
        body.put("security", true);
        JsonNode release = Json.read(api.post("/api/v1/releases", body).body());
        String id = release.get("id").asText();
        return new Done(
                SWNAME + " 2.0.0 published as a security release (" + id + ") with its SBOM and measurements", id);
    }

    private String upload(String maker, byte[] bytes) {
        ApiClient.Answer a = api.sendBytes(
                "POST",
                ApiClient.query("/api/v1/releases/uploads", Map.of("org", maker)),
                bytes,
                "application/octet-stream");
        return Json.read(a.body()).get("sha256").asText();
    }

    /** A small CycloneDX 1.5 SBOM of the simulated firmware. */
    static String sbom() {
        return """
                {"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
                 "metadata":{"component":{"type":"firmware","name":"cam-fw","version":"2.0.0"}},
                 "components":[
                  {"type":"library","name":"busybox","version":"1.36.1","purl":"pkg:generic/busybox@1.36.1"},
                  {"type":"library","name":"openssl","version":"3.0.15","purl":"pkg:generic/openssl@3.0.15"},
                  {"type":"library","name":"mbedtls","version":"3.6.2","purl":"pkg:github/Mbed-TLS/mbedtls@3.6.2"}]}
                """;
    }

    private Done rollout(String owner, String release) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("org", owner);
        body.put("release", release);
        body.put("waves", List.of("50%", "100%"));
        body.put("successPercent", 90);
        body.put("failurePercent", 10);
        JsonNode rollout = Json.read(api.post("/api/v1/rollouts", body).body());
        return new Done(
                "rollout " + rollout.get("id").asText() + " delivers 2.0.0 to the owner's cameras in two waves");
    }

    private Done label(String productId) throws IOException {
        Path profile = Path.of("examples", "camera.yaml");
        if (!Files.isRegularFile(profile)) {
            return new Done("skipped: run the demo from the repository to use examples/camera.yaml");
        }
        String text = Files.readString(profile, StandardCharsets.UTF_8);
        JsonNode label =
                Json.read(api.post("/api/v1/labels", Map.of("product", productId, "level", "1", "profile", text))
                        .body());
        String id = label.get("id").asText();
        api.post("/api/v1/labels/" + ApiClient.segment(id) + "/issue", null);
        return new Done("level 1 issued for the product; its public status is at /verify/" + id);
    }

    /** A step of the story: what it did, to print, and what later steps need. */
    private record Done(String message, String id) {
        Done(String message) {
            this(message, null);
        }
    }

    /** A step's work. */
    private interface Step {
        Done run() throws Exception;
    }

    private String step(String name, Step step) {
        Done done;
        try {
            done = step.run();
        } catch (Exception e) {
            out.println("[demo] " + name + ": not done (" + e.getMessage() + ")");
            out.flush();
            return null;
        }
        out.println("[demo] " + name + ": " + done.message());
        out.flush();
        return done.id();
    }
}

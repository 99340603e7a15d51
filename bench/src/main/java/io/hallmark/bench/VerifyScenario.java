package io.hallmark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The public label status {@code GET /verify/{labelId}} per second over HTTPS keep-alive, answered from the status
 * cache: JSON ({@code Accept: application/json}) and the HTML page, against Hallmark's own {@code /healthz} (the same
 * stack, no work) and the bare Jetty handler of {@link HttpsPair} as references.
 *
 * <p>Sets up one issued L1 label (an organization, a product and a label request with the example camera profile,
 * all as the bootstrap admin), then measures in rounds of alternating order like {@link HttpsGetScenario}. Run from
 * the repository root: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt)
 * io.hallmark.bench.VerifyScenario [-t THREADS] [-c CONNECTIONS] [-d SECONDS] [--warmup SECONDS] [--rounds N]}.
 */
public final class VerifyScenario {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VerifyScenario() {}

    /** Runs the scenario with the camera profile of {@code examples/} and prints the table on standard output. */
    public static void main(String[] args) {
        run(HttpsGetScenario.Settings.parse(args), Path.of("examples", "camera.yaml"), System.out);
    }

    private record Target(String name, URI uri, String header) {}

    static void run(HttpsGetScenario.Settings settings, Path profile, PrintStream out) {
        if (!Wrk.isInstalled()) {
            throw new IllegalStateException("wrk is not installed (Debian: apt-get install wrk)");
        }
        try (HttpsPair pair = HttpsPair.start()) {
            URI verify = URI.create(pair.hallmarkBase() + "/verify/" + issueLabel(pair, profile));
            List<Target> targets = List.of(
                    new Target("hallmark GET /verify/{id} json", verify, "Accept: application/json"),
                    new Target("hallmark GET /verify/{id} html", verify, "Accept: text/html"),
                    new Target("hallmark GET /healthz", pair.hallmarkHealthUri(), "Accept: application/json"),
                    new Target(
                            "bare jetty GET " + HttpsPair.PATH,
                            pair.bareUri(),
                            "Authorization: Bearer " + pair.token()));
            if (settings.warmupSeconds() > 0) {
                Wrk warm = new Wrk(settings.wrk().threads(), settings.wrk().connections(), settings.warmupSeconds());
                for (Target t : targets) {
                    warm.runWithHeader(t.uri(), t.header());
                }
            }
            out.println("HTTPS keep-alive, " + settings.wrk().display("https://127.0.0.1:PORT/..."));
            out.printf(Locale.ROOT, "%-6s %-34s %10s %9s %9s%n", "round", "target", "req/s", "p50", "p99");
            Map<Target, List<Double>> rates = new LinkedHashMap<>();
            targets.forEach(t -> rates.put(t, new ArrayList<>()));
            for (int round = 1; round <= settings.rounds(); round++) {
                List<Target> order = round % 2 == 1 ? targets : targets.reversed();
                for (Target t : order) {
                    Wrk.Result r = settings.wrk().runWithHeader(t.uri(), t.header());
                    rates.get(t).add(r.requestsPerSecond());
                    out.printf(
                            Locale.ROOT,
                            "%-6d %-34s %10.0f %9s %9s%n",
                            round,
                            t.name(),
                            r.requestsPerSecond(),
                            r.p50(),
                            r.p99());
                }
            }
            for (Target t : targets) {
                out.printf(Locale.ROOT, "%-6s %-34s %10.0f%n", "mean", t.name(), mean(rates.get(t)));
            }
        }
    }

    /** Makes an issued label and returns its id. */
    static String issueLabel(HttpsPair pair, Path profile) {
        String org = field(
                pair.post("/api/v1/organizations", "{\"name\":\"Bench Maker\",\"kinds\":[\"manufacturer\"]}"), "id");
        String product = field(
                pair.post(
                        "/api/v1/products",
                        "{\"org\":\"" + org
                                + "\",\"model\":\"lc-2\",\"name\":\"Lumen Cam 2\",\"supportUntil\":\"2099-12-31\"}"),
                "id");
        String yaml;
        try {
            yaml = Files.readString(profile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(profile + " cannot be read (run from the repository root)", e);
        }
        String request;
        try {
            request = JSON.writeValueAsString(Map.of("product", product, "level", "L1", "profile", yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String label = field(pair.post("/api/v1/labels", request), "id");
        field(pair.post("/api/v1/labels/" + label + "/issue", "{}"), "id");
        return label;
    }

    private static String field(HttpResponse<String> r, String name) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(r.uri() + ": status " + r.statusCode() + " " + r.body());
        }
        try {
            JsonNode n = JSON.readTree(r.body());
            return n.get(name).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}

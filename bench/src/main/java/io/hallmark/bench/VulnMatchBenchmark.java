package io.hallmark.bench;

import io.hallmark.server.vuln.Advisory;
import io.hallmark.server.vuln.AdvisoryIndex;
import io.hallmark.server.vuln.Component;
import io.hallmark.server.vuln.OsvParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Vulnerability matching at the size the fleet-audit issue names: {@code advisories} generated OSV records (npm,
 * Maven and PyPI packages, ranges of two intervals) against {@code components} SBOM components, a tenth of which name
 * an advised package. Target: under 10 s for indexing and matching. {@code indexAndMatch} builds the index and
 * matches every component; {@code parseIndexAndMatch} also parses the records from their JSON (as an exposure does
 * from storage).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VulnMatchBenchmark {
    /** How many advisories. */
    @Param({"50000"})
    public int advisories;

    /** How many SBOM components. */
    @Param({"10000"})
    public int components;

    private List<byte[]> records;
    private List<Advisory> parsed;
    private List<Component> sbom;

    /** Generates the records and components (fixed seed). */
    @Setup
    public void generate() {
        Random rnd = new Random(42);
        String[][] ecosystems = {{"npm", "npm"}, {"Maven", "maven"}, {"PyPI", "pypi"}};
        records = new ArrayList<>(advisories);
        parsed = new ArrayList<>(advisories);
        for (int i = 0; i < advisories; i++) {
            String[] e = ecosystems[i % 3];
            String name = e[0].equals("Maven") ? "org.example.g" + (i % 997) + ":artifact-" + i : "package-" + i;
            String json = "{\"id\": \"BENCH-" + i + "\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": [{"
                    + "\"package\": {\"ecosystem\": \"" + e[0] + "\", \"name\": \"" + name + "\"}, \"ranges\": [{"
                    + "\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"1.0.0\"}, {\"fixed\": \"1."
                    + (2 + rnd.nextInt(5)) + ".0\"}, {\"introduced\": \"2.0.0\"}, {\"fixed\": \"2.0."
                    + (1 + rnd.nextInt(9))
                    + "\"}]}]}]}";
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            records.add(bytes);
            parsed.addAll(OsvParser.parse(bytes, "bench").accepted());
        }
        sbom = new ArrayList<>(components);
        for (int i = 0; i < components; i++) {
            int advised = rnd.nextInt(advisories);
            boolean hit = i % 10 == 0;
            String[] e = ecosystems[advised % 3];
            String version = "1." + rnd.nextInt(8) + "." + rnd.nextInt(4);
            String purl = !hit
                    ? "pkg:npm/unrelated-" + i + "@" + version
                    : e[1].equals("maven")
                            ? "pkg:maven/org.example.g" + (advised % 997) + "/artifact-" + advised + "@" + version
                            : "pkg:" + e[1] + "/package-" + advised + "@" + version;
            sbom.add(new Component("c" + i, version, Optional.of(purl)));
        }
    }

    /** Index the parsed advisories, match every component. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    @Fork(1)
    public int indexAndMatch() {
        return new AdvisoryIndex(parsed).matchAll(sbom).size();
    }

    /** Parse the records, index them, match every component. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    @Fork(1)
    public int parseIndexAndMatch() {
        List<Advisory> all = new ArrayList<>(records.size());
        for (byte[] r : records) {
            all.addAll(OsvParser.parse(r, "bench").accepted());
        }
        return new AdvisoryIndex(all).matchAll(sbom).size();
    }
}

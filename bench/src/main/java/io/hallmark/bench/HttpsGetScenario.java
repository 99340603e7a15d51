package io.hallmark.bench;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Authenticated {@code GET /api/v1/me} per second over HTTPS keep-alive, Hallmark against a bare Jetty handler.
 *
 * <p>Starts both servers in this process ({@link HttpsPair}), warms each up with {@code wrk}, then measures with the
 * same wrk settings, in rounds of alternating order (Hallmark first, then bare Jetty first, ...) so that a drift in
 * the machine's load does not favour one side: Hallmark's {@code GET /api/v1/me}, Hallmark's {@code GET /healthz}
 * (the same stack without authentication, which tells the framework's share from the token check's) and the bare
 * Jetty handler. Prints one line per run, the means, and the ratio of the measured request to the reference.
 *
 * <p>Run: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) io.hallmark.bench.HttpsGetScenario
 * [-t THREADS] [-c CONNECTIONS] [-d SECONDS] [--warmup SECONDS] [--rounds N]}; defaults {@code -t 2 -c 32 -d 15
 * --warmup 15 --rounds 2}. Needs {@code wrk} (Debian: {@code apt-get install wrk}).
 */
public final class HttpsGetScenario {
    /** Settings of a run. */
    record Settings(Wrk wrk, int warmupSeconds, int rounds) {
        static Settings parse(String... args) {
            int threads = 2;
            int connections = 32;
            int seconds = 15;
            int warmup = 15;
            int rounds = 2;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + ": no value");
                }
                int v = Integer.parseInt(args[i + 1]);
                switch (args[i]) {
                    case "-t" -> threads = v;
                    case "-c" -> connections = v;
                    case "-d" -> seconds = v;
                    case "--warmup" -> warmup = v;
                    case "--rounds" -> rounds = v;
                    default ->
                        throw new IllegalArgumentException(
                                "option: " + args[i] + " (expected: -t, -c, -d, --warmup, --rounds)");
                }
            }
            if (warmup < 0 || rounds < 1) {
                throw new IllegalArgumentException(
                        "--warmup " + warmup + " --rounds " + rounds + " (expected: warmup >= 0, rounds >= 1)");
            }
            return new Settings(new Wrk(threads, connections, seconds), warmup, rounds);
        }
    }

    private HttpsGetScenario() {}

    /** Runs the scenario and prints the table on standard output. */
    public static void main(String[] args) {
        run(Settings.parse(args), System.out);
    }

    /** One server and route under load. */
    private record Target(String name, URI uri) {}

    static void run(Settings settings, PrintStream out) {
        if (!Wrk.isInstalled()) {
            throw new IllegalStateException("wrk is not installed (Debian: apt-get install wrk)");
        }
        try (HttpsPair pair = HttpsPair.start()) {
            String auth = "Bearer " + pair.token();
            Target me = new Target("hallmark GET " + HttpsPair.PATH, pair.hallmarkUri());
            Target health = new Target("hallmark GET /healthz (no auth)", pair.hallmarkHealthUri());
            Target bare = new Target("bare jetty GET " + HttpsPair.PATH, pair.bareUri());
            List<Target> targets = List.of(me, health, bare);
            if (settings.warmupSeconds() > 0) {
                Wrk warm = new Wrk(settings.wrk().threads(), settings.wrk().connections(), settings.warmupSeconds());
                for (Target t : targets) {
                    warm.run(t.uri(), auth);
                }
            }
            out.println("HTTPS keep-alive, " + settings.wrk().display("https://127.0.0.1:PORT/..."));
            out.printf(Locale.ROOT, "%-6s %-34s %10s %9s %9s%n", "round", "target", "req/s", "p50", "p99");
            Map<Target, List<Double>> rates = new LinkedHashMap<>();
            targets.forEach(t -> rates.put(t, new ArrayList<>()));
            for (int round = 1; round <= settings.rounds(); round++) {
                // odd rounds in order, even rounds reversed: a drift in the machine's load favours no side
                List<Target> order = round % 2 == 1 ? targets : targets.reversed();
                for (Target t : order) {
                    Wrk.Result r = settings.wrk().run(t.uri(), auth);
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
            out.printf(
                    Locale.ROOT,
                    "ratio  %s / %s = %.2f%n",
                    me.name(),
                    bare.name(),
                    mean(rates.get(me)) / mean(rates.get(bare)));
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}

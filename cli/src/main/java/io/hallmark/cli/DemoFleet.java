package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.agent.sim.Attack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's running fleet: Acme's devices owned by Harbor City (by default 1,000), enrolled once through the real
 * path and kept under {@code DATA/demo-fleet}, reporting telemetry every 10 s; after the baselines are learned a wave
 * of them (5%) joins a flood, and a live view shows detection and quarantine as they happen. A later start reuses the
 * fleet and releases the devices the last wave left quarantined, so the story can be watched again.
 */
final class DemoFleet {
    static final String OWNER = "Harbor City";
    static final String PRODUCT = "lamp-9";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final ApiClient api;
    private final Simulation simulation;
    private final Path work;
    private final PrintWriter out;

    DemoFleet(ApiClient api, URI deviceUrl, Path platformCa, Path data, PrintWriter out) {
        this.api = api;
        this.work = data.resolve("demo-fleet");
        this.out = out;
        this.simulation = new Simulation(api, deviceUrl, platformCa, null);
    }

    /** Enrolls (or reuses) the fleet and runs it until the process ends; prints the live view. */
    void run(int devices, double compromisePercent, int interval, int attackAfter) {
        Simulation.Settings settings = new Simulation.Settings(
                devices,
                interval,
                compromisePercent,
                Attack.FLOOD,
                attackAfter,
                7 * 24 * 3600,
                "Acme Devices",
                OWNER,
                PRODUCT,
                true,
                work,
                0);
        List<String> serials = existing();
        String owner;
        if (serials.size() >= devices) {
            serials = serials.subList(0, devices);
            owner = DemoCommand.ensureOrg(api, OWNER, "owner");
            int released = releaseQuarantined(serials);
            line(
                    "reusing the fleet of %d devices in %s (%d released from the last wave's quarantine)",
                    serials.size(), work, released);
        } else {
            line("enrolling %d devices (factory birth certificate, voucher, EST) into %s ...", devices, OWNER);
            Simulation.Fleet fleet = simulation.enroll(settings);
            serials = fleet.serials();
            owner = fleet.owner();
        }
        Simulation.Running running = simulation.start(settings, serials);
        line(
                "%d devices report every %d s; %d of them join a flood toward %s in %d s (once baselines are learned)",
                serials.size(),
                interval,
                running.compromised.size(),
                io.hallmark.agent.sim.SimulatedDevice.VICTIM + ":80",
                attackAfter);
        try {
            while (true) {
                Thread.sleep(10_000);
                view(running, owner);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.stop();
        }
    }

    private void view(Simulation.Running r, String owner) {
        long toWave = (r.turnAt - System.currentTimeMillis()) / 1000;
        Map<String, Double> m = metrics();
        int incidents = Json.read(api.get("/api/v1/incidents?state=open&limit=500&org=" + owner)
                        .body())
                .get("items")
                .size();
        line(
                "reports %,d · refused %,d · %s · open alerts %.0f · quarantined by behaviour %.0f · devices cut off %d"
                        + " · open incidents %d",
                r.sent.get(),
                r.refused.get(),
                toWave > 0 ? "attack wave in " + toWave + " s" : r.firstMalicious.size() + " attackers turned",
                m.getOrDefault("hallmark_behaviour_alerts_unresolved", 0.0),
                m.getOrDefault("hallmark_behaviour_quarantined_total", 0.0),
                r.cutOff.get(),
                incidents);
    }

    private Map<String, Double> metrics() {
        Map<String, Double> m = new java.util.HashMap<>();
        for (String l : api.get("/metrics").body().split("\n")) {
            if (l.startsWith("hallmark_behaviour_")) {
                int space = l.lastIndexOf(' ');
                try {
                    m.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
                } catch (NumberFormatException ignored) {
                    // not a sample line
                }
            }
        }
        return m;
    }

    private List<String> existing() {
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(work)) {
            return dirs.filter(d -> Files.exists(d.resolve("cert.pem")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int releaseQuarantined(List<String> serials) {
        int released = 0;
        for (String sn : serials) {
            JsonNode d = Json.read(
                    api.get("/api/v1/devices/" + ApiClient.segment(sn)).body());
            if (d.at("/device/state").asText().equals("quarantined")) {
                api.post(
                        "/api/v1/devices/" + ApiClient.segment(sn) + "/release",
                        Map.of("reason", "demo: a new run of the story"));
                released++;
            }
        }
        return released;
    }

    private void line(String format, Object... args) {
        out.printf(
                "[fleet %s] " + format + "%n",
                prepend(LocalTime.now(ZoneOffset.UTC).format(TIME), args));
        out.flush();
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}

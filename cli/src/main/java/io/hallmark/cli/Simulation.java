package io.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.agent.Agent;
import io.hallmark.agent.TelemetryClient;
import io.hallmark.agent.sim.Attack;
import io.hallmark.agent.sim.SimulatedDevice;
import io.hallmark.protocol.telemetry.TelemetryCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated fleet through the real path: devices are born at the manufacturer's factory (IDevID), sold to the owner
 * by voucher, enroll over EST with their birth certificates (the Java agent), then report telemetry over HTTPS with
 * their operational certificates (or over MQTT, {@link #overMqtt}); some turn into attackers at a set time. At the end the server is asked what it saw:
 * which devices have alerts, which were quarantined and when, against when each attacker sent its first malicious
 * report.
 */
final class Simulation {
    /**
     * What to simulate.
     *
     * @param devices how many devices
     * @param interval seconds between a device's reports
     * @param compromisePercent the share of devices that turn into attackers
     * @param attack what they do
     * @param at seconds after the first report when they turn
     * @param duration seconds the devices report in all
     * @param manufacturer the manufacturer organization (made when missing)
     * @param owner the owner organization (made when missing)
     * @param product the product model (made when missing)
     * @param quarantine whether the owner's behaviour policy quarantines automatically
     * @param work where device identities are written
     * @param defaultPasswords how many devices (the last of the fleet) keep a factory default password, which their
     *     reports' account check shows (the fleet audit's {@code device.credentials.default})
     */
    record Settings(
            int devices,
            int interval,
            double compromisePercent,
            Attack attack,
            int at,
            int duration,
            String manufacturer,
            String owner,
            String product,
            boolean quarantine,
            Path work,
            int defaultPasswords) {}

    /** What happened, as the server saw it. */
    record Result(
            int devices,
            int compromised,
            int detected,
            int quarantined,
            int falsePositives,
            int healthyQuarantined,
            List<Long> detectionMillis,
            List<Long> quarantineMillis,
            long reportsSent,
            long reportsRefused,
            long cutOffNotified) {
        long percentile(List<Long> values, double p) {
            if (values.isEmpty()) {
                return -1;
            }
            List<Long> sorted = new ArrayList<>(values);
            sorted.sort(null);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
        }
    }

    private final ApiClient api;
    private final URI deviceUrl;
    private final Path platformCa;
    private final PrintWriter out;
    private URI mqttBroker;

    Simulation(ApiClient api, URI deviceUrl, Path platformCa, PrintWriter out) {
        // thousands of devices enrolling: the agent's line per enrollment would drown what the simulation says
        if (org.slf4j.LoggerFactory.getLogger("io.hallmark.agent") instanceof ch.qos.logback.classic.Logger agentLog) {
            agentLog.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        this.api = api;
        this.deviceUrl = deviceUrl;
        this.platformCa = platformCa;
        this.out = out;
    }

    /** The devices of a simulation, enrolled, with where their owner is. */
    record Fleet(String maker, String owner, List<String> serials) {}

    /** Reporting in progress: counters a live view reads, and the wait for its end. */
    static final class Running {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong cutOff = new AtomicLong();
        /** Devices cut off over MQTT that were told so on their events topic first. */
        final AtomicLong notified = new AtomicLong();
        /** Devices that could not open an MQTT session at all. */
        final AtomicLong unreachable = new AtomicLong();

        final Map<String, Instant> firstMalicious = new ConcurrentHashMap<>();
        final Set<String> compromised;
        final Set<String> defaultPassword;
        volatile long turnAt;
        private final ExecutorService devices = Executors.newVirtualThreadPerTaskExecutor();

        Running(Set<String> compromised, Set<String> defaultPassword, long turnAt) {
            this.compromised = compromised;
            this.defaultPassword = defaultPassword;
            this.turnAt = turnAt;
        }

        /** Waits until every device has stopped reporting. */
        void await() {
            devices.close();
        }

        /** Stops every device now. */
        void stop() {
            devices.shutdownNow();
        }
    }

    Result run(Settings s) {
        return report(s, enroll(s));
    }

    /** Runs the enrolled fleet's reporting to its end, then asks the server what it saw. */
    Result report(Settings s, Fleet fleet) {
        Running running = start(s, fleet.serials());
        running.await();
        progress("reporting done: %d reports sent, %d refused", running.sent.get(), running.refused.get());
        return judge(
                fleet.owner(),
                fleet.serials(),
                running.compromised,
                running.firstMalicious,
                running.sent.get(),
                running.refused.get(),
                running.notified.get());
    }

    /** Makes the organizations, product and policy when missing, and the devices, through the real path. */
    Fleet enroll(Settings s) {
        String maker = DemoCommand.ensureOrg(api, s.manufacturer(), "manufacturer");
        String owner = DemoCommand.ensureOrg(api, s.owner(), "owner");
        ensureProduct(maker, s.product());
        api.put(
                "/api/v1/organizations/" + owner + "/behaviour-policy",
                Map.of("quarantineOnViolation", s.quarantine()));
        List<String> serials = bornAndEnrolled(s, maker, owner);
        progress("%d devices enrolled; reporting every %d s for %d s", serials.size(), s.interval(), s.duration());
        return new Fleet(maker, owner, serials);
    }

    /**
     * How many devices misbehave when they attest at boot ({@code docs/protocol/attestation.md}): a tampered
     * component, debug on, a replayed nonce, stale evidence, evidence signed with a foreign key.
     */
    record Attestations(int tamper, int debugOn, int replay, int stale, int foreignKey) {
        int total() {
            return tamper + debugOn + replay + stale + foreignKey;
        }
    }

    /**
     * What the devices' attestations at boot ended with.
     *
     * @param byStatus devices per result status ({@code refused} when the evidence was refused)
     * @param findings devices per finding id
     * @param tampered the serials of the tampered devices
     * @param contraindicated the serials the server lists with integrity {@code contraindicated}
     */
    record AttestationReport(
            Map<String, Integer> byStatus,
            Map<String, Integer> findings,
            Set<String> tampered,
            Set<String> contraindicated) {}

    /**
     * Publishes the product's reference values (the simulated firmware's), then has every device attest once, as at
     * boot; after the {@code skip} first devices (the attackers-to-be), the next ones misbehave as {@code a} says.
     */
    AttestationReport attest(Settings s, Fleet fleet, int skip, Attestations a) {
        io.hallmark.agent.Firmware firmware =
                io.hallmark.agent.Firmware.simulated(s.product(), "2.4.1", java.util.Optional.of(s.product()));
        Map<String, List<String>> reference = new java.util.TreeMap<>();
        firmware.referenceValues().forEach((c, d) -> reference.put(c, List.of(d)));
        api.put(
                "/api/v1/products/" + ApiClient.segment(s.product()) + "/reference-values?org=" + fleet.maker(),
                Map.of("components", reference));
        List<String> serials = fleet.serials();
        if (skip + a.total() > serials.size()) {
            throw CliException.badInput("attestation misbehaviours: " + a.total() + " devices, but only "
                    + (serials.size() - skip) + " are not attackers");
        }
        Map<String, Integer> byStatus = new ConcurrentHashMap<>();
        Map<String, Integer> findings = new ConcurrentHashMap<>();
        Set<String> tampered = ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < serials.size(); i++) {
                String sn = serials.get(i);
                int k = i - skip;
                io.hallmark.agent.Firmware fw = firmware;
                io.hallmark.agent.Misbehaviour how = io.hallmark.agent.Misbehaviour.NONE;
                if (k >= 0 && k < a.tamper()) {
                    fw = firmware.tampered("kernel");
                    tampered.add(sn);
                } else if ((k -= a.tamper()) >= 0 && k < a.debugOn()) {
                    fw = firmware.withDebug(io.hallmark.protocol.attestation.DebugStatus.ENABLED);
                } else if ((k -= a.debugOn()) >= 0 && k < a.replay()) {
                    how = io.hallmark.agent.Misbehaviour.REPLAY_NONCE;
                } else if ((k -= a.replay()) >= 0 && k < a.stale()) {
                    how = io.hallmark.agent.Misbehaviour.STALE_EVIDENCE;
                } else if ((k -= a.stale()) >= 0 && k < a.foreignKey()) {
                    how = io.hallmark.agent.Misbehaviour.FOREIGN_KEY;
                }
                io.hallmark.agent.Firmware use = fw;
                io.hallmark.agent.Misbehaviour behaviour = how;
                done.add(pool.submit(() -> {
                    io.hallmark.agent.AttestationOutcome o = Agent.builder()
                            .stateDirectory(s.work().resolve(sn))
                            .server(deviceUrl)
                            .trustAnchor(platformCa)
                            .serial(sn)
                            .build()
                            .attest(use, behaviour);
                    byStatus.merge(
                            o.refused() ? "refused" : o.status().name().toLowerCase(java.util.Locale.ROOT),
                            1,
                            Integer::sum);
                    for (String id : new java.util.TreeSet<>(o.findingIds())) {
                        findings.merge(id, 1, Integer::sum);
                    }
                }));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new CliException(CliException.FAILED, "attestation failed: " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CliException(CliException.FAILED, "interrupted");
                }
            }
        }
        Set<String> contraindicated = new java.util.TreeSet<>();
        JsonNode listed = Json.read(api.get("/api/v1/devices?integrity=contraindicated&limit=500&org=" + fleet.owner())
                .body());
        for (JsonNode d : listed.get("items")) {
            contraindicated.add(d.get("serial").asText());
        }
        contraindicated.retainAll(new HashSet<>(serials));
        return new AttestationReport(
                new java.util.TreeMap<>(byStatus),
                new java.util.TreeMap<>(findings),
                Set.copyOf(tampered),
                contraindicated);
    }

    /** Starts every device reporting, each on its own virtual thread, at a random offset within one interval. */
    Running start(Settings s, List<String> serials) {
        int attackers = (int) Math.round(serials.size() * s.compromisePercent() / 100.0);
        int weak = Math.min(serials.size(), Math.max(0, s.defaultPasswords()));
        Running r = new Running(
                Set.copyOf(serials.subList(0, attackers)),
                Set.copyOf(serials.subList(serials.size() - weak, serials.size())),
                Long.MAX_VALUE);
        // MQTT sessions are opened before the clock starts, so that every device learns its baseline in time
        Map<String, Sender> open = new ConcurrentHashMap<>();
        if (mqttBroker != null) {
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (String sn : serials) {
                    pool.submit(() -> open.put(sn, sender(s, sn, r)));
                }
            }
            progress("%d MQTT sessions open at %s", open.size() - r.unreachable.get(), mqttBroker);
        }
        long started = System.currentTimeMillis();
        r.turnAt = started + s.at() * 1000L;
        long endAt = started + s.duration() * 1000L;
        for (String sn : serials) {
            Sender pre = open.remove(sn);
            r.devices.submit(() -> report(s, sn, r, endAt, pre));
        }
        return r;
    }

    /** How a simulated device sends a report: the answer as an HTTPS status, -1 when it is cut off. */
    private interface Sender extends AutoCloseable {
        int send(byte[] report) throws IOException;

        @Override
        default void close() {}
    }

    /** Sends over MQTT to {@code broker} ({@code ssl://HOST:PORT}) instead of HTTPS from now on. */
    Simulation overMqtt(URI broker) {
        this.mqttBroker = broker;
        return this;
    }

    private Sender sender(Settings s, String sn, Running r) {
        if (mqttBroker == null) {
            TelemetryClient client =
                    TelemetryClient.open(s.work().resolve(sn), deviceUrl, platformCa, Duration.ofSeconds(10));
            return client::send;
        }
        MqttReporter opened = null;
        // the broker reads a new organization's CA from a file it reloads every few seconds: retry for a while
        long until = System.currentTimeMillis() + 30_000;
        while (opened == null) {
            try {
                opened = MqttReporter.open(mqttBroker, sn, s.work().resolve(sn), platformCa);
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                if (System.currentTimeMillis() > until) {
                    if (r.unreachable.getAndIncrement() == 0) {
                        org.slf4j.LoggerFactory.getLogger(Simulation.class)
                                .warn("MQTT: {} cannot open a session at {}: {}", sn, mqttBroker, e.toString());
                    }
                    return report -> -1; // the broker refuses the session: cut off
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return report -> -1;
                }
            }
        }
        MqttReporter mqtt = opened;
        return new Sender() {
            @Override
            public int send(byte[] report) {
                int status = mqtt.send(report);
                if (status == -1 && mqtt.events().stream().anyMatch(e -> e.contains("\"device.quarantine\""))) {
                    r.notified.incrementAndGet();
                }
                return status;
            }

            @Override
            public void close() {
                mqtt.close();
            }
        };
    }

    private void report(Settings s, String sn, Running r, long endAt, Sender pre) {
        boolean attacker = r.compromised.contains(sn);
        SimulatedDevice device = new SimulatedDevice(sn, sn.hashCode());
        if (r.defaultPassword.contains(sn)) {
            device.useDefaultPassword();
        }
        try (Sender client = pre != null ? pre : sender(s, sn, r)) {
            send(s, sn, r, endAt, attacker, device, client);
        }
    }

    private void send(
            Settings s, String sn, Running r, long endAt, boolean attacker, SimulatedDevice device, Sender client) {
        long next = System.currentTimeMillis() + ThreadLocalRandom.current().nextLong(s.interval() * 1000L);
        try {
            while (next < endAt) {
                Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
                if (attacker && device.attack() == null && System.currentTimeMillis() >= r.turnAt) {
                    device.compromise(s.attack());
                }
                byte[] body = TelemetryCodec.encode(device.next(System.currentTimeMillis() / 1000, s.interval()));
                if (device.attack() != null) {
                    r.firstMalicious.putIfAbsent(sn, Instant.now());
                }
                int status;
                try {
                    status = client.send(body);
                } catch (IOException e) {
                    status = -1; // a held certificate fails the handshake
                }
                r.sent.incrementAndGet();
                if (status != 202) {
                    r.refused.incrementAndGet();
                    if (status == 403 || status == 401 || status == -1) {
                        r.cutOff.incrementAndGet();
                        return; // quarantined: the device is cut off
                    }
                }
                next += s.interval() * 1000L;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ensureProduct(String maker, String model) {
        try {
            api.get("/api/v1/products/" + ApiClient.segment(model) + "?org=" + maker);
        } catch (CliException e) {
            if (e.exitCode() != CliException.NOT_FOUND) {
                throw e;
            }
            api.post("/api/v1/products", Map.of("org", maker, "model", model, "name", "Simulated " + model));
        }
    }

    /** Factory issue in batches, then voucher and EST enrollment per device, eight at a time. */
    private List<String> bornAndEnrolled(Settings s, String maker, String owner) {
        String prefix = "SIM-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)) + "-";
        List<String> serials = new ArrayList<>();
        for (int from = 0; from < s.devices(); from += 100) {
            List<Map<String, String>> requests = new ArrayList<>();
            Map<String, KeyPair> keys = new LinkedHashMap<>();
            for (int i = from; i < Math.min(s.devices(), from + 100); i++) {
                String sn = prefix + String.format("%06d", i + 1);
                KeyPair kp = FactoryCommand.Issue.newKey();
                keys.put(sn, kp);
                requests.add(Map.of("csr", FactoryCommand.Issue.csr(kp, sn)));
            }
            JsonNode issued = Json.read(api.post(
                            "/api/v1/factory/issue", Map.of("org", maker, "product", s.product(), "requests", requests))
                    .body());
            for (JsonNode item : issued.get("devices")) {
                String sn = item.at("/device/serial").asText();
                Path state = s.work().resolve(sn);
                try {
                    Files.createDirectories(state);
                    Files.writeString(
                            state.resolve("idevid.pem"), item.get("certificate").asText());
                    io.hallmark.keys.OwnerOnlyFiles.replace(
                            state.resolve("idevid.key"),
                            o -> o.write(io.hallmark.core.Pem.encode(
                                            "PRIVATE KEY",
                                            keys.get(sn).getPrivate().getEncoded())
                                    .getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                serials.add(sn);
            }
            progress("born at the factory: %d", serials.size());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (String sn : serials) {
                done.add(pool.submit(() -> {
                    api.post("/api/v1/vouchers", Map.of("org", maker, "serial", sn, "owner", owner));
                    Agent.builder()
                            .stateDirectory(s.work().resolve(sn))
                            .server(deviceUrl)
                            .trustAnchor(platformCa)
                            .serial(sn)
                            .build()
                            .enroll();
                }));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new CliException(CliException.FAILED, "enrollment failed: " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CliException(CliException.FAILED, "interrupted");
                }
            }
        }
        return serials;
    }

    /** Asks the server what it saw. */
    private Result judge(
            String owner,
            List<String> serials,
            Set<String> compromised,
            Map<String, Instant> firstMalicious,
            long sent,
            long refused,
            long notified) {
        Map<String, Instant> firstAlert = new HashMap<>();
        String cursor = null;
        do {
            JsonNode page = Json.read(
                    api.get("/api/v1/alerts?org=" + owner + "&limit=500" + (cursor == null ? "" : "&cursor=" + cursor))
                            .body());
            for (JsonNode a : page.get("items")) {
                Instant seen = Instant.parse(a.get("firstSeen").asText());
                firstAlert.merge(a.get("serial").asText(), seen, (x, y) -> x.isBefore(y) ? x : y);
            }
            cursor = page.hasNonNull("next") ? page.get("next").asText() : null;
        } while (cursor != null);
        Set<String> serialSet = new HashSet<>(serials);
        firstAlert.keySet().retainAll(serialSet);
        List<Long> detection = new ArrayList<>();
        List<Long> quarantine = new ArrayList<>();
        int quarantined = 0;
        int healthyQuarantined = 0;
        for (String sn : serials) {
            boolean attacker = compromised.contains(sn);
            if (!attacker && !firstAlert.containsKey(sn)) {
                continue; // a healthy device without alerts cannot have been quarantined by behaviour
            }
            JsonNode detail = Json.read(
                    api.get("/api/v1/devices/" + ApiClient.segment(sn)).body());
            Instant quarantinedAt = null;
            for (JsonNode e : detail.get("events")) {
                if (e.get("action").asText().equals("device.quarantine")) {
                    quarantinedAt = Instant.parse(e.get("at").asText());
                }
            }
            if (quarantinedAt == null) {
                continue;
            }
            if (!attacker) {
                healthyQuarantined++;
                continue;
            }
            quarantined++;
            Instant first = firstMalicious.get(sn);
            if (first != null) {
                quarantine.add(
                        Math.max(0, Duration.between(first, quarantinedAt).toMillis()));
            }
        }
        int detected = 0;
        int falsePositives = 0;
        for (Map.Entry<String, Instant> e : firstAlert.entrySet()) {
            if (compromised.contains(e.getKey())) {
                detected++;
                Instant first = firstMalicious.get(e.getKey());
                if (first != null) {
                    detection.add(
                            Math.max(0, Duration.between(first, e.getValue()).toMillis()));
                }
            } else {
                falsePositives++;
            }
        }
        return new Result(
                serials.size(),
                compromised.size(),
                detected,
                quarantined,
                falsePositives,
                healthyQuarantined,
                detection,
                quarantine,
                sent,
                refused,
                notified);
    }

    private void progress(String format, Object... args) {
        if (out != null) {
            out.printf(format + "%n", args);
            out.flush();
        }
    }
}

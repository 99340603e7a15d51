package io.hallmark.agent.sim;

import io.hallmark.protocol.telemetry.DefaultCredentials;
import io.hallmark.protocol.telemetry.TelemetryReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One simulated device's behaviour: a camera-like device that uploads to its cloud, checks the time and listens on
 * HTTPS, with traffic that varies from interval to interval (about ±40%) around a level of its own; once told to, it
 * attacks. Not thread-safe: one caller per device.
 */
public final class SimulatedDevice {
    /** The victim every flooding device of a simulation aims at. */
    public static final String VICTIM = "203.0.113.80";

    private final String serial;
    private final Random random;
    private final double level;
    private long seq;
    private long uptime;
    private Attack attack;
    /** The local accounts and their passwords: only the device knows them; reports carry the check's result. */
    private final java.util.Map<String, String> accounts = new java.util.LinkedHashMap<>();

    private TelemetryReport.AccountCheck accountCheck;

    /** A device with serial {@code serial}; {@code seed} makes its behaviour repeatable. */
    public SimulatedDevice(String serial, long seed) {
        this.serial = serial;
        this.random = new Random(seed);
        this.level = 0.5 + random.nextDouble();
        this.uptime = 60 + random.nextInt(86_400);
        // a unique password per device (ETSI EN 303 645 provision 5.1-1) unless told otherwise
        // (from a generator of its own, so the traffic of a seed stays what it was)
        Random passwords = new Random(~seed);
        setPassword("root", Long.toHexString(passwords.nextLong()) + Long.toHexString(passwords.nextLong()));
    }

    /**
     * Sets the password of local account {@code user} (made if absent); the next reports carry the new account check
     * ({@code acc}, docs/protocol/telemetry.md), which never includes the password.
     */
    public void setPassword(String user, String password) {
        accounts.put(user, password);
        accountCheck = DefaultCredentials.builtIn()
                .check(
                        List.copyOf(accounts.keySet()),
                        (u, candidate) -> DefaultCredentials.sameSecret(accounts.get(u), candidate));
    }

    /** Gives {@code root} the first default password of the Mirai list, so that the fleet audit's check fires. */
    public void useDefaultPassword() {
        setPassword(
                "root",
                DefaultCredentials.builtIn().find("mirai-01").orElseThrow().password());
    }

    /** The latest check of the local accounts, as the reports carry it. */
    public TelemetryReport.AccountCheck accountCheck() {
        return accountCheck;
    }

    /** The device's serial. */
    public String serial() {
        return serial;
    }

    /** Starts attacking from the next report on. */
    public void compromise(Attack attack) {
        this.attack = attack;
    }

    /** The attack it runs, or null when healthy. */
    public Attack attack() {
        return attack;
    }

    /** The report of the interval of {@code seconds} that began at {@code start} (seconds since the epoch). */
    public TelemetryReport next(long start, int seconds) {
        seq++;
        uptime += seconds;
        double noise = level * (0.6 + 0.8 * random.nextDouble());
        long bytesOut = (long) (2_500 * seconds * noise);
        long packetsOut = (long) (8 * seconds * noise) + 1;
        long conns = 2 + random.nextInt(3);
        List<TelemetryReport.Destination> dst = new ArrayList<>();
        dst.add(new TelemetryReport.Destination("cloud.example.com", 443, TelemetryReport.Protocol.TCP, conns - 1));
        dst.add(new TelemetryReport.Destination("pool.ntp.org", 123, TelemetryReport.Protocol.UDP, 1));
        List<TelemetryReport.ListeningPort> listening = new ArrayList<>();
        listening.add(new TelemetryReport.ListeningPort(443, TelemetryReport.Protocol.TCP));
        long authFailures = random.nextInt(20) == 0 ? 1 : 0;
        int cpu = (int) Math.min(100, 4 + 6 * noise);
        if (attack != null) {
            switch (attack) {
                case FLOOD -> {
                    long flood = 4_000L * seconds;
                    packetsOut += flood;
                    bytesOut += flood * 512;
                    conns += flood / 4;
                    dst.add(0, new TelemetryReport.Destination(VICTIM, 80, TelemetryReport.Protocol.TCP, flood / 4));
                    cpu = 90;
                }
                case SCAN -> {
                    for (int i = 0; i < 40; i++) {
                        String host = "198.51.100." + (1 + random.nextInt(250));
                        dst.add(new TelemetryReport.Destination(host, 23, TelemetryReport.Protocol.TCP, 1));
                    }
                    conns += 40L * seconds;
                    packetsOut += 40L * seconds;
                }
                case TELNET -> listening.add(new TelemetryReport.ListeningPort(23, TelemetryReport.Protocol.TCP));
                case EXFIL -> {
                    bytesOut += 200_000L * seconds;
                    packetsOut += 150L * seconds;
                    dst.add(
                            0,
                            new TelemetryReport.Destination("files.example.net", 443, TelemetryReport.Protocol.TCP, 3));
                }
            }
        }
        return new TelemetryReport(
                TelemetryReport.VERSION,
                serial,
                seq,
                start,
                seconds,
                bytesOut,
                bytesOut / 3,
                packetsOut,
                packetsOut / 2 + 1,
                conns,
                conns,
                dedupe(dst),
                listening,
                authFailures,
                cpu,
                32_768 + random.nextInt(4096),
                "2.4.1",
                uptime,
                List.of(),
                java.util.Optional.of(accountCheck));
    }

    /** Merges destinations with the same host, port and protocol (the schema wants them aggregated). */
    private static List<TelemetryReport.Destination> dedupe(List<TelemetryReport.Destination> dst) {
        java.util.LinkedHashMap<String, TelemetryReport.Destination> by = new java.util.LinkedHashMap<>();
        for (TelemetryReport.Destination d : dst) {
            by.merge(
                    d.host() + ":" + d.port() + "/" + d.protocol(),
                    d,
                    (a, b) -> new TelemetryReport.Destination(a.host(), a.port(), a.protocol(), a.count() + b.count()));
        }
        List<TelemetryReport.Destination> out = new ArrayList<>(by.values());
        return out.size() > TelemetryReport.MAX_DESTINATIONS ? out.subList(0, TelemetryReport.MAX_DESTINATIONS) : out;
    }
}

package io.hallmark.protocol.telemetry;

import io.hallmark.protocol.telemetry.TelemetryReport.Destination;
import io.hallmark.protocol.telemetry.TelemetryReport.EventType;
import io.hallmark.protocol.telemetry.TelemetryReport.ListeningPort;
import io.hallmark.protocol.telemetry.TelemetryReport.Protocol;
import io.hallmark.protocol.telemetry.TelemetryReport.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Sample reports for tests and benchmarks. */
public final class TelemetrySamples {
    private TelemetrySamples() {}

    /** A typical one-minute report of a sensor, as the device sends it (279 bytes). */
    public static byte[] typical() {
        return TYPICAL.getBytes(StandardCharsets.UTF_8);
    }

    static final String TYPICAL = "{\"v\":1,\"dev\":\"HM-00042\",\"seq\":1042,\"t\":1795600800,\"dur\":60,"
            + "\"bo\":48213,\"bi\":91377,\"po\":412,\"pi\":530,\"ca\":7,\"ce\":7,"
            + "\"dst\":[{\"h\":\"hub.example\",\"p\":443,\"pr\":\"tcp\",\"n\":5},"
            + "{\"h\":\"192.0.2.53\",\"p\":53,\"pr\":\"udp\",\"n\":2}],"
            + "\"lsn\":[],\"af\":0,\"cpu\":12,\"mem\":48128,\"fw\":\"2.4.1\","
            + "\"up\":864213,\"ev\":[]}";

    /** The record of {@link #typical()}. */
    static TelemetryReport typicalReport() {
        return new TelemetryReport(
                1,
                "HM-00042",
                1042,
                1_795_600_800L,
                60,
                48_213,
                91_377,
                412,
                530,
                7,
                7,
                List.of(
                        new Destination("hub.example", 443, Protocol.TCP, 5),
                        new Destination("192.0.2.53", 53, Protocol.UDP, 2)),
                List.of(),
                0,
                12,
                48_128,
                "2.4.1",
                864_213,
                List.of());
    }

    /** A report with every kind of member: an ICMP destination, an IPv6 one and security events. */
    static TelemetryReport eventful() {
        return new TelemetryReport(
                1,
                "HM-00042",
                1043,
                1_795_600_860L,
                60,
                1,
                2,
                3,
                4,
                5,
                4,
                List.of(
                        new Destination("2001:db8::1", 8883, Protocol.TCP, 1),
                        new Destination("198.51.100.7", 0, Protocol.ICMP, 3)),
                List.of(new ListeningPort(22, Protocol.TCP), new ListeningPort(5353, Protocol.UDP)),
                3,
                100,
                0,
                "2.4.1 build 7",
                60,
                List.of(
                        new SecurityEvent(EventType.DEFAULT_PASSWORD_LOGIN, 1_795_600_861L, "user admin via ssh"),
                        new SecurityEvent(EventType.CONFIG_CHANGE, 1_795_600_870L, "ntp server → 192.0.2.1")));
    }
}

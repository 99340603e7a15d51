package io.hallmark.protocol.telemetry;

import static io.hallmark.protocol.telemetry.TelemetryFields.array;
import static io.hallmark.protocol.telemetry.TelemetryFields.counter;
import static io.hallmark.protocol.telemetry.TelemetryFields.element;
import static io.hallmark.protocol.telemetry.TelemetryFields.eventType;
import static io.hallmark.protocol.telemetry.TelemetryFields.indexOf;
import static io.hallmark.protocol.telemetry.TelemetryFields.integer;
import static io.hallmark.protocol.telemetry.TelemetryFields.mark;
import static io.hallmark.protocol.telemetry.TelemetryFields.missing;
import static io.hallmark.protocol.telemetry.TelemetryFields.protocol;
import static io.hallmark.protocol.telemetry.TelemetryFields.quote;
import static io.hallmark.protocol.telemetry.TelemetryFields.string;
import static io.hallmark.protocol.telemetry.TelemetryFields.type;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.hallmark.core.Checks;
import io.hallmark.protocol.telemetry.TelemetryReport.AccountCheck;
import io.hallmark.protocol.telemetry.TelemetryReport.AccountMatch;
import io.hallmark.protocol.telemetry.TelemetryReport.Destination;
import io.hallmark.protocol.telemetry.TelemetryReport.EventType;
import io.hallmark.protocol.telemetry.TelemetryReport.ListeningPort;
import io.hallmark.protocol.telemetry.TelemetryReport.Protocol;
import io.hallmark.protocol.telemetry.TelemetryReport.SecurityEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON encoding of {@link TelemetryReport} (RFC 8259, UTF-8), schema versions {@value TelemetryReport#MIN_VERSION}
 * and {@value TelemetryReport#VERSION}, specified in {@code docs/protocol/telemetry.md}.
 *
 * <p>Decoding is strict and bounded, for bytes from a device that may be hostile: at most {@value #MAX_BYTES} bytes;
 * UTF-8, the first byte <code>&#123;</code>; one JSON object and nothing after it; every member required, none unknown, none twice; integers only, in their
 * bounds; strings of their syntax and length; lists within their bounds. Every refusal is a {@link
 * TelemetryException} whose reason is a stable id and whose message names the member ({@code dst[2].p}); nothing
 * else is thrown for any input. It reads with Jackson's streaming parser, without trees or reflection.
 *
 * <p>Use {@link #decodeFrom} at the ingestion edge, so that a report naming another device (spoofing) is refused;
 * detecting a repeated or replayed {@code seq} needs the last sequence number per device and is the caller's job.
 */
public final class TelemetryCodec {
    /** The largest report accepted, bytes (16 KiB). */
    public static final int MAX_BYTES = 16 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            // messages go back to the device: never echo its input through Jackson's location text
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxNumberLength(32)
                    .maxStringLength(MAX_BYTES)
                    .build())
            .build();

    // report members, in encoding order; the index is the bit in the "seen" mask
    private static final String[] REPORT = {
        "v", "dev", "seq", "t", "dur", "bo", "bi", "po", "pi", "ca", "ce", "dst", "lsn", "af", "cpu", "mem", "fw", "up",
        "ev", "acc"
    };
    private static final int ACC = 19;
    private static final String[] DESTINATION = {"h", "p", "pr", "n"};
    private static final String[] LISTENING = {"p", "pr"};
    private static final String[] EVENT = {"ty", "t", "d"};

    private TelemetryCodec() {}

    /**
     * The report as compact JSON, members in the documented order.
     *
     * @throws IllegalArgumentException when the encoding exceeds {@link #MAX_BYTES}
     */
    public static byte[] encode(TelemetryReport r) {
        Checks.notNull(r, "report");
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(320 + 48 * r.destinations().size());
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("v", r.version());
            g.writeStringField("dev", r.device());
            g.writeNumberField("seq", r.seq());
            g.writeNumberField("t", r.start());
            g.writeNumberField("dur", r.duration());
            g.writeNumberField("bo", r.bytesOut());
            g.writeNumberField("bi", r.bytesIn());
            g.writeNumberField("po", r.packetsOut());
            g.writeNumberField("pi", r.packetsIn());
            g.writeNumberField("ca", r.connAttempted());
            g.writeNumberField("ce", r.connEstablished());
            g.writeArrayFieldStart("dst");
            for (Destination d : r.destinations()) {
                g.writeStartObject();
                g.writeStringField("h", d.host());
                g.writeNumberField("p", d.port());
                g.writeStringField("pr", d.protocol().wire());
                g.writeNumberField("n", d.count());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("lsn");
            for (ListeningPort l : r.listening()) {
                g.writeStartObject();
                g.writeNumberField("p", l.port());
                g.writeStringField("pr", l.protocol().wire());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("af", r.authFailures());
            g.writeNumberField("cpu", r.cpu());
            g.writeNumberField("mem", r.memKiB());
            g.writeStringField("fw", r.firmware());
            g.writeNumberField("up", r.uptime());
            g.writeArrayFieldStart("ev");
            for (SecurityEvent e : r.events()) {
                g.writeStartObject();
                g.writeStringField("ty", e.type().wire());
                g.writeNumberField("t", e.time());
                g.writeStringField("d", e.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (r.accounts().isPresent()) {
                AccountCheck a = r.accounts().get();
                g.writeObjectFieldStart("acc");
                g.writeStringField("l", a.list());
                g.writeNumberField("n", a.checked());
                g.writeArrayFieldStart("m");
                for (AccountMatch m : a.matches()) {
                    g.writeStartObject();
                    g.writeStringField("u", m.user());
                    g.writeStringField("e", m.entry());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        // the per-list bounds allow more than MAX_BYTES (256 long host names); the agent must send fewer
        Checks.check(out.size() <= MAX_BYTES, "report", out.size() + " bytes", "at most " + MAX_BYTES + " bytes");
        return out.toByteArray();
    }

    /**
     * Parses a report.
     *
     * @throws TelemetryException naming the member that is wrong, for any input that is not a valid report
     */
    public static TelemetryReport decode(byte[] json) {
        if (json == null || json.length == 0 || json.length > MAX_BYTES) {
            throw new TelemetryException(
                    TelemetryException.SIZE,
                    "report",
                    (json == null ? 0 : json.length) + " bytes",
                    "1.." + MAX_BYTES + " bytes");
        }
        // RFC 8259 §8.1: UTF-8 only. Jackson would guess UTF-16 or UTF-32 from zero bytes; a report starts with '{'
        if (json[0] != '{' || (json.length > 1 && json[1] == 0)) {
            throw new TelemetryException(
                    TelemetryException.MALFORMED,
                    "report",
                    "not a UTF-8 object",
                    "'{' as the first byte (RFC 8259 §8.1)");
        }
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw type("report", first, "an object");
            }
            TelemetryReport report = report(p);
            if (p.nextToken() != null) {
                throw new TelemetryException(
                        TelemetryException.MALFORMED, "report", "content after the object", "one JSON object");
            }
            return report;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new TelemetryException(
                    TelemetryException.MALFORMED,
                    "report",
                    "not JSON" + (at == null ? "" : " at byte " + at.getByteOffset()),
                    "one JSON object (RFC 8259)");
        } catch (IOException e) {
            throw new TelemetryException(TelemetryException.MALFORMED, "report", "unreadable", "one JSON object");
        }
    }

    /**
     * Parses a report received from the authenticated device {@code serial} and refuses it with {@link
     * TelemetryException#DEVICE_MISMATCH} when it names another device.
     *
     * @throws TelemetryException naming the member that is wrong
     */
    public static TelemetryReport decodeFrom(byte[] json, String serial) {
        Checks.notNull(serial, "serial");
        TelemetryReport r = decode(json);
        if (!r.device().equals(serial)) {
            throw new TelemetryException(
                    TelemetryException.DEVICE_MISMATCH,
                    "dev",
                    quote(r.device()),
                    "the authenticated device " + quote(serial));
        }
        return r;
    }

    private static TelemetryReport report(JsonParser p) throws IOException {
        long[] n = new long[REPORT.length];
        String dev = null;
        String fw = null;
        List<Destination> dst = null;
        List<ListeningPort> lsn = null;
        List<SecurityEvent> ev = null;
        AccountCheck acc = null;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int i = indexOf(REPORT, name);
            seen = mark(seen, i, name);
            switch (i) {
                case 0 -> {
                    long v = integer(p, "v", 0, Integer.MAX_VALUE);
                    if (v < TelemetryReport.MIN_VERSION || v > TelemetryReport.VERSION) {
                        throw new TelemetryException(
                                TelemetryException.VERSION,
                                "v",
                                v,
                                "a supported version: " + TelemetryReport.MIN_VERSION + ".." + TelemetryReport.VERSION);
                    }
                    n[i] = v;
                }
                case 1 -> dev = string(p, "dev", TelemetrySyntax::isSerial, "1..64 printable ASCII, no space");
                case 4 -> n[i] = integer(p, "dur", 1, TelemetryReport.MAX_DURATION);
                case 11 -> dst = destinations(p);
                case 12 -> lsn = listening(p);
                case 14 -> n[i] = integer(p, "cpu", 0, 100);
                case 16 -> fw = string(p, "fw", TelemetrySyntax::isFirmware, "1..64 printable ASCII");
                case 18 -> ev = events(p);
                case ACC -> acc = TelemetryFields.accounts(p);
                default -> n[i] = counter(p, name);
            }
        }
        // acc is optional, and a member of schema version 2 only
        missing(REPORT, seen | (1 << ACC), "");
        if (acc != null && n[0] < 2) {
            throw new TelemetryException(
                    TelemetryException.FIELD_UNKNOWN, "acc", "not in schema v" + n[0], "a member of schema v2");
        }
        return new TelemetryReport(
                (int) n[0],
                dev,
                n[2],
                n[3],
                n[4],
                n[5],
                n[6],
                n[7],
                n[8],
                n[9],
                n[10],
                dst,
                lsn,
                n[13],
                (int) n[14],
                n[15],
                fw,
                n[17],
                ev,
                Optional.ofNullable(acc));
    }

    private static List<Destination> destinations(JsonParser p) throws IOException {
        List<Destination> out = new ArrayList<>();
        array(p, "dst");
        while (element(p, "dst", out.size(), TelemetryReport.MAX_DESTINATIONS)) {
            String at = "dst[" + out.size() + "].";
            String host = null;
            long port = 0;
            Protocol proto = null;
            long count = 0;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int i = indexOf(DESTINATION, name);
                seen = mark(seen, i, at + name);
                switch (i) {
                    case 0 -> host = string(p, at + "h", TelemetrySyntax::isHost, "an IP literal or a DNS host name");
                    case 1 -> port = integer(p, at + "p", 0, 65_535);
                    case 2 -> proto = protocol(p, at + "pr", true);
                    default -> count = integer(p, at + "n", 1, TelemetryReport.MAX_COUNTER);
                }
            }
            missing(DESTINATION, seen, at);
            if (proto == Protocol.ICMP ? port != 0 : port == 0) {
                throw new TelemetryException(
                        TelemetryException.FIELD_RANGE,
                        at + "p",
                        port,
                        proto == Protocol.ICMP ? "0 for icmp" : "1..65535 for " + proto.wire());
            }
            out.add(new Destination(host, (int) port, proto, count));
        }
        return out;
    }

    private static List<ListeningPort> listening(JsonParser p) throws IOException {
        List<ListeningPort> out = new ArrayList<>();
        array(p, "lsn");
        while (element(p, "lsn", out.size(), TelemetryReport.MAX_LISTENING)) {
            String at = "lsn[" + out.size() + "].";
            long port = 0;
            Protocol proto = null;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int i = indexOf(LISTENING, name);
                seen = mark(seen, i, at + name);
                if (i == 0) {
                    port = integer(p, at + "p", 1, 65_535);
                } else {
                    proto = protocol(p, at + "pr", false);
                }
            }
            missing(LISTENING, seen, at);
            out.add(new ListeningPort((int) port, proto));
        }
        return out;
    }

    private static List<SecurityEvent> events(JsonParser p) throws IOException {
        List<SecurityEvent> out = new ArrayList<>();
        array(p, "ev");
        while (element(p, "ev", out.size(), TelemetryReport.MAX_EVENTS)) {
            String at = "ev[" + out.size() + "].";
            EventType type = null;
            long time = 0;
            String detail = null;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int i = indexOf(EVENT, name);
                seen = mark(seen, i, at + name);
                switch (i) {
                    case 0 -> type = eventType(p, at + "ty");
                    case 1 -> time = integer(p, at + "t", 0, TelemetryReport.MAX_COUNTER);
                    default ->
                        detail = string(
                                p, at + "d", TelemetrySyntax::isDetail, "0..256 characters, no control characters");
                }
            }
            missing(EVENT, seen, at);
            out.add(new SecurityEvent(type, time, detail));
        }
        return out;
    }
}

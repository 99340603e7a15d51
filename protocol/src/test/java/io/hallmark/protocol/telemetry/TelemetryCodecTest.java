package io.hallmark.protocol.telemetry;

import static io.hallmark.protocol.telemetry.TelemetrySamples.TYPICAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class TelemetryCodecTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The typical report with {@code from} replaced by {@code to}, failing the test if {@code from} is absent. */
    private static String with(String from, String to) {
        assertThat(TYPICAL).contains(from);
        return TYPICAL.replace(from, to);
    }

    private static TelemetryException refused(String json) {
        return refused(bytes(json));
    }

    private static TelemetryException refused(byte[] json) {
        TelemetryException e = catchThrowableOfType(TelemetryException.class, () -> TelemetryCodec.decode(json));
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    private static void assertRefused(String json, String reason, String message) {
        TelemetryException e = refused(json);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).startsWith(reason + " ").contains(message);
    }

    private static String repeat(String element, int times) {
        return String.join(",", Collections.nCopies(times, element));
    }

    @Test
    void typicalSampleIsAbout275BytesAndDecodesToItsRecord() {
        assertThat(TelemetrySamples.typical()).hasSize(279);
        assertThat(TelemetryCodec.decode(TelemetrySamples.typical())).isEqualTo(TelemetrySamples.typicalReport());
    }

    @Test
    void encodeWritesMembersInTheDocumentedOrderWithoutSpaces() {
        assertThat(new String(TelemetryCodec.encode(TelemetrySamples.typicalReport()), StandardCharsets.UTF_8))
                .isEqualTo(TYPICAL);
    }

    @Test
    void reportWithEventsIcmpAndIpv6RoundTrips() {
        TelemetryReport r = TelemetrySamples.eventful();
        byte[] json = TelemetryCodec.encode(r);
        assertThat(json).as("the size docs/protocol/telemetry.md gives").hasSize(452);
        assertThat(TelemetryCodec.decode(json)).isEqualTo(r);
    }

    @Test
    void deeplyNestedValuesAreRefusedAtTheFirstWrongType() {
        assertRefused(
                with("\"dst\":[", "\"dst\":[" + "[".repeat(5000)), TelemetryException.FIELD_TYPE, "dst[0]: an array");
        assertRefused("{\"x\":" + "[".repeat(5000), TelemetryException.FIELD_UNKNOWN, "\"x\"");
    }

    @Test
    void membersMayComeInAnyOrderWithWhitespace() {
        String json = "{ \"ev\" : [ ], "
                + TYPICAL.substring(1).replace(",\"ev\":[]", "").replace(":", " : ");
        assertThat(TelemetryCodec.decode(bytes(json))).isEqualTo(TelemetrySamples.typicalReport());
    }

    @Test
    void emptyAndOversizedReportsAreRefusedBySize() {
        assertRefused("", TelemetryException.SIZE, "report: 0 bytes (expected: 1..16384 bytes)");
        String padded = TYPICAL.replace("\"ev\":[]", "\"ev\":[]" + " ".repeat(TelemetryCodec.MAX_BYTES));
        assertRefused(padded, TelemetryException.SIZE, "expected: 1..16384 bytes");
        assertThat(refused((byte[]) null).reason()).isEqualTo(TelemetryException.SIZE);
    }

    @Test
    void malformedJsonIsRefusedWithoutEchoingIt() {
        assertRefused("{\"v\":1,", TelemetryException.MALFORMED, "report: not JSON at byte");
        assertRefused("{\"v\":1 \"dev\":\"secret-looking\"}", TelemetryException.MALFORMED, "not JSON");
        assertThat(refused("{\"v\":1 \"dev\":\"secret-looking\"}").getMessage()).doesNotContain("secret");
        assertRefused(TYPICAL + "{}", TelemetryException.MALFORMED, "report: content after the object");
        assertRefused("[1]", TelemetryException.MALFORMED, "'{' as the first byte");
    }

    @Test
    void utf16IsRefusedAsNotUtf8() {
        assertThat(refused(TYPICAL.getBytes(StandardCharsets.UTF_16LE)).reason())
                .isEqualTo(TelemetryException.MALFORMED);
        assertThat(refused(TYPICAL.getBytes(StandardCharsets.UTF_16BE)).reason())
                .isEqualTo(TelemetryException.MALFORMED);
    }

    @Test
    void unknownMembersAreRefusedByName() {
        assertRefused(with("\"v\":1,", "\"v\":1,\"extra\":0,"), TelemetryException.FIELD_UNKNOWN, "\"extra\"");
        assertRefused(with("\"n\":5}", "\"n\":5,\"q\":1}"), TelemetryException.FIELD_UNKNOWN, "\"dst[0].q\"");
    }

    @Test
    void duplicateMembersAreRefusedByName() {
        assertRefused(
                with("\"seq\":1042,", "\"seq\":1042,\"seq\":1043,"),
                TelemetryException.FIELD_DUPLICATE,
                "seq: given twice");
        assertRefused(
                with("\"p\":53,", "\"p\":53,\"p\":54,"), TelemetryException.FIELD_DUPLICATE, "dst[1].p: given twice");
    }

    @Test
    void missingMembersAreRefusedByName() {
        assertRefused(
                with(",\"fw\":\"2.4.1\"", ""), TelemetryException.FIELD_MISSING, "fw: absent (expected: required)");
        assertRefused(with(",\"n\":2", ""), TelemetryException.FIELD_MISSING, "dst[1].n: absent");
    }

    @Test
    void wrongTypesAreRefusedByName() {
        assertRefused(
                with("\"seq\":1042", "\"seq\":\"1042\""),
                TelemetryException.FIELD_TYPE,
                "seq: a string (expected: an integer)");
        assertRefused(with("\"cpu\":12", "\"cpu\":12.5"), TelemetryException.FIELD_TYPE, "cpu: a fraction");
        assertRefused(with("\"cpu\":12", "\"cpu\":1e1"), TelemetryException.FIELD_TYPE, "cpu: a fraction");
        assertRefused(with("\"fw\":\"2.4.1\"", "\"fw\":null"), TelemetryException.FIELD_TYPE, "fw: null");
        assertRefused(with("\"dst\":[", "\"dst\":[1,"), TelemetryException.FIELD_TYPE, "dst[0]: an integer");
        assertRefused(with("\"ev\":[]", "\"ev\":{}"), TelemetryException.FIELD_TYPE, "ev: an object");
        assertRefused(with("\"af\":0", "\"af\":true"), TelemetryException.FIELD_TYPE, "af: a boolean");
    }

    @Test
    void numbersOutOfRangeAreRefusedWithTheirBounds() {
        assertRefused(with("\"bo\":48213", "\"bo\":-1"), TelemetryException.FIELD_RANGE, "bo: -1 (expected: 0..");
        assertRefused(
                with("\"bi\":91377", "\"bi\":9007199254740993"),
                TelemetryException.FIELD_RANGE,
                "bi: 9007199254740993 (expected: 0..9007199254740992 (2^53))");
        assertRefused(
                with("\"bi\":91377", "\"bi\":123456789012345678901234567890"),
                TelemetryException.FIELD_RANGE,
                "bi: \"123456789012345678901234567890\"");
        assertRefused(with("\"cpu\":12", "\"cpu\":101"), TelemetryException.FIELD_RANGE, "cpu: 101 (expected: 0..100)");
        assertRefused(with("\"dur\":60", "\"dur\":0"), TelemetryException.FIELD_RANGE, "dur: 0 (expected: 1..86400)");
        assertRefused(
                with("\"p\":443", "\"p\":65536"),
                TelemetryException.FIELD_RANGE,
                "dst[0].p: 65536 (expected: 0..65535)");
        assertRefused(
                with("\"p\":443", "\"p\":0"),
                TelemetryException.FIELD_RANGE,
                "dst[0].p: 0 (expected: 1..65535 for tcp)");
        assertRefused(
                with("\"pr\":\"udp\"", "\"pr\":\"icmp\""),
                TelemetryException.FIELD_RANGE,
                "dst[1].p: 53 (expected: 0 for icmp)");
        assertRefused(with("\"n\":5", "\"n\":0"), TelemetryException.FIELD_RANGE, "dst[0].n: 0");
        assertRefused(
                with("\"lsn\":[]", "\"lsn\":[{\"p\":0,\"pr\":\"tcp\"}]"),
                TelemetryException.FIELD_RANGE,
                "lsn[0].p: 0 (expected: 1..65535)");
    }

    @Test
    void unsupportedSchemaVersionsAreRefusedNamingTheSupportedOne() {
        assertRefused(
                with("\"v\":1", "\"v\":3"), TelemetryException.VERSION, "v: 3 (expected: a supported version: 1..2)");
        assertRefused(with("\"v\":1", "\"v\":0"), TelemetryException.VERSION, "v: 0");
    }

    @Test
    void stringsOfTheWrongSyntaxOrLengthAreRefusedByName() {
        assertRefused(with("hub.example", "bad_host"), TelemetryException.FIELD_SYNTAX, "dst[0].h: \"bad_host\"");
        assertRefused(with("hub.example", "999.0.2.1"), TelemetryException.FIELD_SYNTAX, "dst[0].h");
        assertRefused(with("hub.example", "1::2::3"), TelemetryException.FIELD_SYNTAX, "dst[0].h");
        String longHost = ("a".repeat(63) + ".").repeat(4).substring(0, 254);
        assertRefused(with("hub.example", longHost), TelemetryException.FIELD_SYNTAX, "dst[0].h");
        assertRefused(with("2.4.1", "x".repeat(65)), TelemetryException.FIELD_SYNTAX, "fw: \"xxx");
        assertRefused(with("HM-00042", "HM 42"), TelemetryException.FIELD_SYNTAX, "dev: \"HM 42\"");
        assertRefused(
                with("\"tcp\"", "\"sctp\""),
                TelemetryException.FIELD_SYNTAX,
                "dst[0].pr: \"sctp\" (expected: tcp, udp or icmp)");
        assertRefused(
                with("\"lsn\":[]", "\"lsn\":[{\"p\":7,\"pr\":\"icmp\"}]"),
                TelemetryException.FIELD_SYNTAX,
                "lsn[0].pr: \"icmp\" (expected: tcp or udp)");
        assertRefused(
                with("\"ev\":[]", "\"ev\":[{\"ty\":\"reboot\",\"t\":1,\"d\":\"\"}]"),
                TelemetryException.FIELD_SYNTAX,
                "ev[0].ty: \"reboot\"");
        assertRefused(
                with("\"ev\":[]", "\"ev\":[{\"ty\":\"config-change\",\"t\":1,\"d\":\"" + "d".repeat(257) + "\"}]"),
                TelemetryException.FIELD_SYNTAX,
                "ev[0].d");
        assertRefused(
                with("\"ev\":[]", "\"ev\":[{\"ty\":\"config-change\",\"t\":1,\"d\":\"a\\u0007b\"}]"),
                TelemetryException.FIELD_SYNTAX,
                "ev[0].d: \"a?b\"");
        assertRefused(
                with("\"ev\":[]", "\"ev\":[{\"ty\":\"config-change\",\"t\":1,\"d\":\"\\ud800\"}]"),
                TelemetryException.FIELD_SYNTAX,
                "ev[0].d");
    }

    @Test
    void listsLongerThanTheirBoundAreRefused() {
        String dest = "{\"h\":\"a.b\",\"p\":1,\"pr\":\"tcp\",\"n\":1}";
        assertRefused(
                with("\"dst\":[", "\"dst\":[" + repeat(dest, 255) + ","),
                TelemetryException.LIST_SIZE,
                "dst: more than 256 (expected: 0..256)");
        assertRefused(
                with("\"lsn\":[]", "\"lsn\":[" + repeat("{\"p\":1,\"pr\":\"tcp\"}", 129) + "]"),
                TelemetryException.LIST_SIZE,
                "lsn: more than 128");
        assertRefused(
                with("\"ev\":[]", "\"ev\":[" + repeat("{\"ty\":\"config-change\",\"t\":1,\"d\":\"\"}", 33) + "]"),
                TelemetryException.LIST_SIZE,
                "ev: more than 32");
    }

    @Test
    void listsAtTheirBoundAreAccepted() {
        String dest = "{\"h\":\"a.b\",\"p\":1,\"pr\":\"tcp\",\"n\":1}";
        String json = with("\"dst\":[", "\"dst\":[" + repeat(dest, 254) + ",");
        assertThat(TelemetryCodec.decode(bytes(json)).destinations()).hasSize(256);
    }

    @Test
    void reportNamingAnotherDeviceIsRefusedAsSpoofing() {
        assertThat(TelemetryCodec.decodeFrom(TelemetrySamples.typical(), "HM-00042")
                        .device())
                .isEqualTo("HM-00042");
        TelemetryException e = catchThrowableOfType(
                TelemetryException.class, () -> TelemetryCodec.decodeFrom(TelemetrySamples.typical(), "HM-00043"));
        assertThat(e.reason()).isEqualTo(TelemetryException.DEVICE_MISMATCH);
        assertThat(e.getMessage()).contains("dev: \"HM-00042\" (expected: the authenticated device \"HM-00043\")");
    }

    @Test
    void encodeRefusesAReportLargerThanTheDecoderAccepts() {
        TelemetryReport base = TelemetrySamples.typicalReport();
        String host = ("h".repeat(63) + ".").repeat(4).substring(0, 253);
        var dests =
                Collections.nCopies(100, new TelemetryReport.Destination(host, 443, TelemetryReport.Protocol.TCP, 1));
        TelemetryReport big = new TelemetryReport(
                1,
                base.device(),
                base.seq(),
                base.start(),
                base.duration(),
                0,
                0,
                0,
                0,
                0,
                0,
                dests,
                base.listening(),
                0,
                0,
                0,
                base.firmware(),
                0,
                base.events());
        assertThatThrownBy(() -> TelemetryCodec.encode(big))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: at most 16384 bytes");
    }

    @Test
    void recordsRefuseOutOfBoundValuesAsProgrammingErrors() {
        assertThatThrownBy(() -> new TelemetryReport.Destination("x_y", 1, TelemetryReport.Protocol.TCP, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("host: x_y");
        assertThatThrownBy(() -> new TelemetryReport.ListeningPort(22, TelemetryReport.Protocol.ICMP))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

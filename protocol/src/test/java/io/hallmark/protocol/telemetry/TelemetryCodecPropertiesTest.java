package io.hallmark.protocol.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.protocol.telemetry.TelemetryReport.Destination;
import io.hallmark.protocol.telemetry.TelemetryReport.EventType;
import io.hallmark.protocol.telemetry.TelemetryReport.ListeningPort;
import io.hallmark.protocol.telemetry.TelemetryReport.Protocol;
import io.hallmark.protocol.telemetry.TelemetryReport.SecurityEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The decoder is fuzzed: it returns a report or throws {@link TelemetryException}, nothing else. */
class TelemetryCodecPropertiesTest {

    @Property(tries = 2000)
    void arbitraryBytesDecodeOrAreRefusedWithTheCodecsException(@ForAll byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    @Property(tries = 2000)
    void arbitraryBytesAfterAnOpeningBraceDecodeOrAreRefusedWithTheCodecsException(@ForAll byte[] bytes) {
        byte[] json = new byte[bytes.length + 1];
        json[0] = '{';
        System.arraycopy(bytes, 0, json, 1, bytes.length);
        decodeOrRefuse(json);
    }

    @Property(tries = 3000)
    void reportShapedTokenSoupDecodesOrIsRefusedWithTheCodecsException(@ForAll("soup") String json) {
        decodeOrRefuse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 3000)
    void mutatedValidReportsDecodeOrAreRefusedWithTheCodecsException(@ForAll("mutated") byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    @Property(tries = 1000)
    void everyValidReportRoundTripsExactly(@ForAll("reports") TelemetryReport report) {
        byte[] json = TelemetryCodec.encode(report);
        assertThat(TelemetryCodec.decode(json)).isEqualTo(report);
        assertThat(TelemetryCodec.encode(TelemetryCodec.decode(json))).isEqualTo(json);
    }

    @Property(tries = 2000)
    void accountChecksInTokenSoupDecodeOrAreRefusedWithTheCodecsException(@ForAll("accountSoup") String acc) {
        String v2 = new String(TelemetrySamples.typical(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"v\":1", "\"v\":2");
        decodeOrRefuse(v2.replace("\"ev\":[]}", "\"ev\":[],\"acc\":" + acc + "}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void everyValidAccountCheckRoundTrips(
            @ForAll("reports") TelemetryReport base, @ForAll("accountChecks") TelemetryReport.AccountCheck acc) {
        TelemetryReport r = AccountChecks.with(base, acc);
        assertThat(TelemetryCodec.decode(TelemetryCodec.encode(r))).isEqualTo(r);
    }

    /** {@code acc} objects made of its member names and values of every JSON type. */
    @Provide
    Arbitrary<String> accountSoup() {
        Arbitrary<String> name = Arbitraries.of("l", "n", "m", "u", "e", "x");
        Arbitrary<String> value = Arbitraries.of(
                "\"0123456789abcdef\"",
                "\"0123456789ABCDEF\"",
                "\"\"",
                "0",
                "1",
                "1025",
                "-1",
                "1.5",
                "null",
                "[]",
                "{}",
                "[{\"u\":\"root\",\"e\":\"mirai-01\"}]",
                "[{\"u\":\"a b\",\"e\":\"X\"}]",
                "[{}]");
        Arbitrary<String> member = Combinators.combine(name, value).as((n, v) -> "\"" + n + "\":" + v);
        return Arbitraries.oneOf(member.list().ofMaxSize(6).map(ms -> "{" + String.join(",", ms) + "}"), value);
    }

    @Provide
    Arbitrary<TelemetryReport.AccountCheck> accountChecks() {
        Arbitrary<TelemetryReport.AccountMatch> match = Combinators.combine(
                        Arbitraries.strings()
                                .withCharRange('!', '~')
                                .ofMinLength(1)
                                .ofMaxLength(32),
                        Arbitraries.strings()
                                .withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                                .ofMinLength(1)
                                .ofMaxLength(32))
                .as(TelemetryReport.AccountMatch::new);
        return Combinators.combine(
                        Arbitraries.strings().withChars("0123456789abcdef").ofLength(16),
                        Arbitraries.integers().between(16, TelemetryReport.AccountCheck.MAX_ACCOUNTS),
                        match.list().ofMaxSize(TelemetryReport.AccountCheck.MAX_MATCHES))
                .as(TelemetryReport.AccountCheck::new);
    }

    private static void decodeOrRefuse(byte[] bytes) {
        try {
            TelemetryReport r = TelemetryCodec.decode(bytes);
            // what is accepted is canonical enough to encode again
            assertThat(TelemetryCodec.decode(TelemetryCodec.encode(r))).isEqualTo(r);
        } catch (TelemetryException expected) {
            assertThat(expected.getMessage()).startsWith(expected.reason() + " ");
        }
    }

    /** Objects made of the schema's member names and values of every JSON type, often nested. */
    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> name = Arbitraries.of(
                "v", "dev", "seq", "t", "dur", "bo", "bi", "po", "pi", "ca", "ce", "dst", "lsn", "af", "cpu", "mem",
                "fw", "up", "ev", "h", "p", "pr", "n", "ty", "d", "x");
        Arbitrary<String> value = Arbitraries.of(
                "1",
                "0",
                "-1",
                "65535",
                "65536",
                "9007199254740993",
                "1.5",
                "true",
                "null",
                "\"tcp\"",
                "\"icmp\"",
                "\"a.b\"",
                "\"::1\"",
                "\"config-change\"",
                "\"\"",
                "[]",
                "{}",
                "[{}]",
                "[{\"h\":\"a\",\"p\":1,\"pr\":\"tcp\",\"n\":1}]",
                "[{\"p\":1,\"pr\":\"udp\"}]",
                "[{\"ty\":\"factory-reset\",\"t\":1,\"d\":\"\"}]");
        Arbitrary<String> member = Combinators.combine(name, value).as((n, v) -> "\"" + n + "\":" + v);
        return member.list().ofMaxSize(24).map(ms -> "{" + String.join(",", ms) + "}");
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        byte[] typical = TelemetrySamples.typical();
        byte[] eventful = TelemetryCodec.encode(TelemetrySamples.eventful());
        Arbitrary<byte[]> base = Arbitraries.of(typical, eventful);
        Arbitrary<Mutation> mutation = Combinators.combine(
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 10_000),
                        Arbitraries.integers().between(0, 40),
                        Arbitraries.of(
                                "{",
                                "}",
                                "[",
                                "]",
                                ":",
                                ",",
                                "\"",
                                "\\",
                                "-",
                                "0",
                                "9",
                                "e",
                                ".",
                                " ",
                                "null",
                                "true",
                                "\"x\"",
                                "\"dst\"",
                                "\"ev\":[]",
                                "1e999",
                                "18446744073709551616",
                                "\u00ff",
                                "\\ud800",
                                "{\"h\":\"a\",\"p\":1,\"pr\":\"tcp\",\"n\":1}"))
                .as(Mutation::new);
        return Combinators.combine(base, mutation.list().ofMinSize(1).ofMaxSize(4))
                .as((b, ms) -> {
                    byte[] out = b;
                    for (Mutation m : ms) {
                        out = m.apply(out);
                    }
                    return out;
                });
    }

    /** One edit at a position: replace a byte, delete a run, insert a fragment, flip a bit, truncate, duplicate. */
    record Mutation(int kind, int position, int length, String fragment) {
        byte[] apply(byte[] in) {
            if (in.length == 0) {
                return fragment.getBytes(StandardCharsets.UTF_8);
            }
            int at = position % in.length;
            byte[] ins = fragment.getBytes(StandardCharsets.UTF_8);
            return switch (kind) {
                case 0 -> splice(in, at, 1, ins);
                case 1 -> splice(in, at, Math.min(length, in.length - at), new byte[0]);
                case 2 -> splice(in, at, 0, ins);
                case 3 -> {
                    byte[] out = in.clone();
                    out[at] ^= (byte) (1 << (length % 8));
                    yield out;
                }
                case 4 -> splice(in, at, in.length - at, new byte[0]);
                default -> {
                    int len = Math.min(length, in.length - at);
                    byte[] copy = new byte[len];
                    System.arraycopy(in, at, copy, 0, len);
                    yield splice(in, at, 0, copy);
                }
            };
        }

        private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
            byte[] out = new byte[in.length - remove + insert.length];
            System.arraycopy(in, 0, out, 0, at);
            System.arraycopy(insert, 0, out, at, insert.length);
            System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
            return out;
        }
    }

    @Provide
    Arbitrary<TelemetryReport> reports() {
        Arbitrary<Long> counter = Arbitraries.longs().between(0, TelemetryReport.MAX_COUNTER);
        List<Arbitrary<Object>> parts = new ArrayList<>();
        parts.add(Arbitraries.strings()
                .withCharRange('!', '~')
                .ofMinLength(1)
                .ofMaxLength(64)
                .asGeneric());
        for (int i = 0; i < 2; i++) { // seq, start
            parts.add(counter.asGeneric());
        }
        parts.add(Arbitraries.longs().between(1, TelemetryReport.MAX_DURATION).asGeneric());
        for (int i = 0; i < 6; i++) { // bo, bi, po, pi, ca, ce
            parts.add(counter.asGeneric());
        }
        parts.add(destination().list().ofMaxSize(24).asGeneric());
        parts.add(listening().list().ofMaxSize(12).asGeneric());
        parts.add(counter.asGeneric());
        parts.add(Arbitraries.integers().between(0, 100).asGeneric());
        parts.add(counter.asGeneric());
        parts.add(Arbitraries.strings()
                .withCharRange(' ', '~')
                .ofMinLength(1)
                .ofMaxLength(64)
                .asGeneric());
        parts.add(counter.asGeneric());
        parts.add(event().list().ofMaxSize(8).asGeneric());
        return Combinators.combine(parts).as(TelemetryCodecPropertiesTest::report);
    }

    @SuppressWarnings("unchecked")
    private static TelemetryReport report(List<Object> v) {
        return new TelemetryReport(
                1,
                (String) v.get(0),
                (Long) v.get(1),
                (Long) v.get(2),
                (Long) v.get(3),
                (Long) v.get(4),
                (Long) v.get(5),
                (Long) v.get(6),
                (Long) v.get(7),
                (Long) v.get(8),
                (Long) v.get(9),
                (List<Destination>) v.get(10),
                (List<ListeningPort>) v.get(11),
                (Long) v.get(12),
                (Integer) v.get(13),
                (Long) v.get(14),
                (String) v.get(15),
                (Long) v.get(16),
                (List<SecurityEvent>) v.get(17));
    }

    private static Arbitrary<Destination> destination() {
        Arbitrary<Destination> ported = Combinators.combine(
                        host(),
                        Arbitraries.integers().between(1, 65_535),
                        Arbitraries.of(Protocol.TCP, Protocol.UDP),
                        Arbitraries.longs().between(1, TelemetryReport.MAX_COUNTER))
                .as(Destination::new);
        Arbitrary<Destination> icmp = Combinators.combine(
                        host(), Arbitraries.longs().between(1, 1_000_000))
                .as((h, n) -> new Destination(h, 0, Protocol.ICMP, n));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, ported), net.jqwik.api.Tuple.of(1, icmp));
    }

    private static Arbitrary<String> host() {
        Arbitrary<String> label = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('0', '9')
                .withChars('-')
                .ofMinLength(1)
                .ofMaxLength(20)
                .filter(s -> !s.startsWith("-") && !s.endsWith("-"));
        Arbitrary<String> name = label.list()
                .ofMinSize(1)
                .ofMaxSize(5)
                .map(ls -> String.join(".", ls))
                .map(s -> s.chars().allMatch(c -> c == '.' || Character.isDigit(c)) ? s + "x" : s);
        Arbitrary<String> ipv4 = Arbitraries.integers()
                .between(0, 255)
                .list()
                .ofSize(4)
                .map(q -> q.get(0) + "." + q.get(1) + "." + q.get(2) + "." + q.get(3));
        Arbitrary<String> ipv6 = Arbitraries.integers()
                .between(0, 0xffff)
                .list()
                .ofSize(8)
                .flatMap(g -> Arbitraries.integers().between(0, 7).map(cut -> ipv6(g, cut)));
        return Arbitraries.oneOf(name, ipv4, ipv6);
    }

    /** Eight groups, compressed from {@code cut} on when {@code cut} is below 7. */
    private static String ipv6(List<Integer> groups, int cut) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (cut < 7 && i == cut) {
                b.append("::");
                i = 7;
                b.append(Integer.toHexString(groups.get(i)));
                break;
            }
            if (i > 0) {
                b.append(':');
            }
            b.append(Integer.toHexString(groups.get(i)));
        }
        return b.toString();
    }

    private static Arbitrary<ListeningPort> listening() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 65_535), Arbitraries.of(Protocol.TCP, Protocol.UDP))
                .as(ListeningPort::new);
    }

    private static Arbitrary<SecurityEvent> event() {
        Arbitrary<String> detail = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withCharRange('\u00a0', '\ud7ff')
                .ofMaxLength(256);
        return Combinators.combine(
                        Arbitraries.of(EventType.class),
                        Arbitraries.longs().between(0, TelemetryReport.MAX_COUNTER),
                        detail)
                .as(SecurityEvent::new);
    }
}

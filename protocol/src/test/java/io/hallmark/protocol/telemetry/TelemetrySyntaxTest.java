package io.hallmark.protocol.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TelemetrySyntaxTest {

    @Test
    void hostAcceptsIpLiteralsAndDnsHostNames() {
        for (String host : new String[] {
            "192.0.2.1",
            "0.0.0.0",
            "255.255.255.255",
            "::",
            "::1",
            "1::",
            "2001:db8::8a2e:370:7334",
            "2001:0db8:0000:0000:0000:ff00:0042:8329",
            "::ffff:192.0.2.1",
            "64:ff9b::192.0.2.33",
            "localhost",
            "a",
            "xn--bcher-kva.example",
            "a-b.c-d.example",
            "3com.example",
            "a".repeat(63) + ".example"
        }) {
            assertThat(TelemetrySyntax.isHost(host)).as(host).isTrue();
        }
    }

    @Test
    void hostRefusesMalformedLiteralsAndNames() {
        for (String host : new String[] {
            "",
            "256.0.0.1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.4.",
            ":::",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "1::2::3",
            "12345::",
            "1:",
            ":1",
            "fe80::1%eth0",
            "::ffff:1.2.3",
            "[::1]",
            "-a.example",
            "a-.example",
            "a..example",
            "a.example.",
            "a_b.example",
            "exämple.com",
            "a".repeat(64) + ".example",
            "a b"
        }) {
            assertThat(TelemetrySyntax.isHost(host)).as(host).isFalse();
        }
    }

    @Test
    void detailRefusesControlCharactersAndUnpairedSurrogates() {
        assertThat(TelemetrySyntax.isDetail("ntp server → 192.0.2.1 \uD83D\uDE00"))
                .isTrue();
        assertThat(TelemetrySyntax.isDetail("")).isTrue();
        assertThat(TelemetrySyntax.isDetail("a\nb")).isFalse();
        assertThat(TelemetrySyntax.isDetail("a\u0085b")).isFalse();
        assertThat(TelemetrySyntax.isDetail("\uD83D")).isFalse();
        assertThat(TelemetrySyntax.isDetail("\uDE00x")).isFalse();
    }
}

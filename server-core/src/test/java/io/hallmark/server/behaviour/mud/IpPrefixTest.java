package io.hallmark.server.behaviour.mud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpPrefixTest {
    @Test
    void parsesAddressLiteralsOfBothFamilies() {
        assertThat(IpPrefix.parseAddress("192.0.2.1").text()).isEqualTo("192.0.2.1/32");
        assertThat(IpPrefix.parseAddress("::").text()).isEqualTo("0:0:0:0:0:0:0:0/128");
        assertThat(IpPrefix.parseAddress("2001:DB8::1").text()).isEqualTo("2001:db8:0:0:0:0:0:1/128");
        assertThat(IpPrefix.parseAddress("1::").text()).isEqualTo("1:0:0:0:0:0:0:0/128");
        assertThat(IpPrefix.parseAddress("::ffff:192.0.2.1").text()).isEqualTo("0:0:0:0:0:ffff:c000:201/128");
    }

    @Test
    void refusesWhatIsNotALiteralWithoutResolvingIt() {
        for (String s : new String[] {
            "",
            "localhost",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "256.0.0.1",
            "1..2.3",
            ":::",
            "1:::2",
            ":1",
            "1:",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            "fe80::1%eth0",
            "12345::",
            "g::",
            "1:2:3:4:5:6:7:1.2.3.4"
        }) {
            assertThat(IpPrefix.parseAddress(s)).as(s).isNull();
        }
    }

    @Test
    void prefixesContainTheirAddressesOnly() {
        IpPrefix v4 = IpPrefix.parsePrefix("198.51.100.77/24", 4);
        IpPrefix v6 = IpPrefix.parsePrefix("2001:db8::/32", 6);

        assertThat(v4.text()).isEqualTo("198.51.100.0/24");
        assertThat(v4.contains(IpPrefix.parseAddress("198.51.100.255"))).isTrue();
        assertThat(v4.contains(IpPrefix.parseAddress("198.51.101.0"))).isFalse();
        assertThat(v4.contains(IpPrefix.parseAddress("::ffff:198.51.100.1"))).isFalse();
        assertThat(v6.contains(IpPrefix.parseAddress("2001:db8:ffff::1"))).isTrue();
        assertThat(v6.contains(IpPrefix.parseAddress("2001:db9::"))).isFalse();
        assertThat(IpPrefix.parsePrefix("0.0.0.0/0", 4).contains(IpPrefix.parseAddress("203.0.113.9")))
                .isTrue();
        assertThat(IpPrefix.parsePrefix("::/0", 6).contains(IpPrefix.parseAddress("::1")))
                .isTrue();
        assertThat(IpPrefix.parsePrefix("10.0.0.0/33", 4)).isNull();
        assertThat(IpPrefix.parsePrefix("10.0.0.0/08", 4)).isNull();
        assertThat(IpPrefix.parsePrefix("::/129", 6)).isNull();
        assertThat(IpPrefix.parsePrefix("10.0.0.0/8", 6)).isNull();
    }
}

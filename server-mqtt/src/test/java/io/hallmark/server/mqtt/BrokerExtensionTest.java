package io.hallmark.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerExtensionTest {
    @Test
    void clientIdsReachTheLogOnOneLineAndBounded() {
        assertThat(BrokerExtension.printable("HM-1\nforged line\u001b[31m")).isEqualTo("HM-1?forged line?[31m");
        assertThat(BrokerExtension.printable("x".repeat(100))).hasSize(64);
        assertThat(BrokerExtension.printable("HM-00042-sub")).isEqualTo("HM-00042-sub");
    }
}

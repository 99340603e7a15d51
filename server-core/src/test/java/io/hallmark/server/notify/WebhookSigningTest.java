package io.hallmark.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSigningTest {
    @Test
    void theSignatureMatchesTheStandardWebhooksReferenceVector() {
        // the test vector published with the Standard Webhooks specification's reference libraries
        byte[] secret = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String signature = WebhookService.sign(
                secret,
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat("v1," + signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void privateLoopbackLinkLocalAndSharedAddressesAreRecognised() throws Exception {
        for (String a : List.of(
                "127.0.0.1",
                "10.1.2.3",
                "172.16.0.1",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "::1",
                "fe80::1",
                "fd00::1",
                "224.0.0.1")) {
            assertThat(WebhookService.isPrivate(InetAddress.getByName(a))).as(a).isTrue();
        }
        for (String a : List.of("203.0.113.9", "8.8.8.8", "100.128.0.1", "2001:db8::1", "2606:4700::1111")) {
            assertThat(WebhookService.isPrivate(InetAddress.getByName(a))).as(a).isFalse();
        }
    }

    @Test
    void aWebhookWantsTheKindsItNamedAndThePrefixesItEndedWithADot() {
        Webhook w = new Webhook(
                "whk_1",
                "org_1",
                java.net.URI.create("https://siem.example.com/"),
                List.of("behaviour.", "device.quarantine"),
                false,
                "00",
                "usr_1",
                java.time.Instant.EPOCH);
        assertThat(w.wants("behaviour.incident")).isTrue();
        assertThat(w.wants("device.quarantine")).isTrue();
        assertThat(w.wants("device.quarantined")).isFalse();
        assertThat(w.wants("behaviourX")).isFalse();
        assertThat(w.wants("access.break-glass.started")).isFalse();
    }
}

package io.hallmark.server.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.protocol.attestation.Appraiser;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NonceServiceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private final NonceService nonces =
            new NonceService(Clock.fixed(T0, ZoneOffset.UTC), new SecureRandom(), Duration.ofMinutes(5));

    @Test
    void aNonceIsTakenOnceAndItsSecondUseIsSeenAsAReplay() {
        String n = nonces.issue("SN-1");

        Optional<Appraiser.IssuedNonce> first = nonces.take(n, "SN-1");
        Optional<Appraiser.IssuedNonce> second = nonces.take(n, "SN-1");

        assertThat(first).contains(new Appraiser.IssuedNonce("SN-1", T0, false));
        assertThat(second).contains(new Appraiser.IssuedNonce("SN-1", T0, true));
        assertThat(nonces.take("never-issued", "SN-1")).isEmpty();
    }

    @Test
    void aDeviceHoldsAtMostEightUnusedNoncesAndLosesItsOldest() {
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < NonceService.MAX_PER_DEVICE + 2; i++) {
            issued.add(nonces.issue("SN-1"));
        }

        assertThat(nonces.take(issued.get(0), "SN-1")).isEmpty();
        assertThat(nonces.take(issued.get(1), "SN-1")).isEmpty();
        assertThat(nonces.take(issued.get(2), "SN-1")).isPresent();
        assertThat(nonces.take(nonces.issue("SN-2"), "SN-2"))
                .get()
                .extracting(Appraiser.IssuedNonce::issuedTo)
                .isEqualTo("SN-2");
    }

    @Test
    void anotherDevicesEvidenceDoesNotUseANonceUp() {
        String n = nonces.issue("SN-1");

        assertThat(nonces.take(n, "SN-2")).contains(new Appraiser.IssuedNonce("SN-1", T0, false));
        assertThat(nonces.take(n, "SN-1")).contains(new Appraiser.IssuedNonce("SN-1", T0, false));
    }

    @Test
    void noncesAreThirtyTwoRandomBytesInBase64Url() {
        assertThat(nonces.issue("SN-1")).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(nonces.issue("SN-1"));
    }
}

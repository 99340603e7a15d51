package io.hallmark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class ImageHashBenchmarkTest {

    @Test
    void bothSidesHashTheSameImageToTheSameDigest() throws Exception {
        ImageHashBenchmark b = new ImageHashBenchmark();
        b.mib = 1;
        for (String algorithm : new String[] {"SHA-256", "SHA-512"}) {
            b.algorithm = algorithm;
            b.image();
            try {
                String ours = b.hallmark();
                assertThat(ours).hasSize(algorithm.equals("SHA-256") ? 64 : 128);
                assumeTrue(ImageHashBenchmark.opensslPresent(), "openssl is not installed");
                assertThat(b.openssl()).isEqualTo(ours);
            } finally {
                b.remove();
            }
        }
    }
}

package io.hallmark.protocol.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Reading a result (what relying parties and the CLI do) is fuzzed: a result or IllegalArgumentException, nothing else. */
class EarClaimsPropertiesTest {
    private static final byte[] VALID;

    static {
        AttestationFixtures device = new AttestationFixtures("SN-EAR");
        List<Measurement> tampered = new ArrayList<>(device.claims().measurements());
        tampered.set(0, new Measurement("bootloader", "sha-256", AttestationFixtures.digest("x")));
        EvidenceWriter.Claims c = device.claims();
        Appraiser.Appraisal a = new Appraiser(Appraiser.Policy.DEFAULT)
                .appraise(
                        device.token(new EvidenceWriter.Claims(
                                c.nonce(),
                                c.serial(),
                                c.hwmodel(),
                                c.swname(),
                                c.swversion(),
                                c.dbgstat(),
                                true,
                                tampered,
                                c.iat())),
                        device.facts());
        VALID = CanonicalJson.write(EarClaims.of(a, "SN-EAR", Instant.EPOCH, "dev", "build", "p"))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Property(tries = 1500)
    void arbitraryBytesAreReadOrRefusedWithIllegalArgument(@ForAll byte[] bytes) {
        readOrRefuse(bytes);
    }

    @Property(tries = 3000)
    void mutatedResultsAreReadOrRefusedWithIllegalArgument(@ForAll("mutated") byte[] bytes) {
        readOrRefuse(bytes);
    }

    private static void readOrRefuse(byte[] bytes) {
        try {
            EarClaims.Result r = EarClaims.read(bytes);
            assertThat(r.serial()).isNotNull();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return Arbitraries.integers().between(0, VALID.length - 1).tuple2().flatMap(t -> Arbitraries.of(
                        (byte) '"',
                        (byte) '{',
                        (byte) '}',
                        (byte) '[',
                        (byte) ',',
                        (byte) ':',
                        (byte) '1',
                        (byte) '-',
                        (byte) 'e',
                        (byte) ' ',
                        (byte) 0)
                .map(b -> {
                    byte[] copy = VALID.clone();
                    copy[t.get1()] = b;
                    if (t.get2() % 2 == 0) {
                        copy[t.get2()] = (byte) '9';
                    }
                    return copy;
                }));
    }
}

package io.hallmark.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B: the test vectors, 8 digits, T0 = 0, X = 30, for all three hash functions. */
    @ParameterizedTest
    @CsvSource({
        "59, 94287082, 46119246, 90693936",
        "1111111109, 07081804, 68084774, 25091201",
        "1111111111, 14050471, 67062674, 99943326",
        "1234567890, 89005924, 91819424, 93441116",
        "2000000000, 69279037, 90698825, 38618901",
        "20000000000, 65353130, 77737706, 47863826"
    })
    void rfc6238AppendixBVectorsMatch(long time, String sha1, String sha256, String sha512) {
        byte[] seed32 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
        byte[] seed64 = ("1234567890".repeat(6) + "1234").getBytes(StandardCharsets.US_ASCII);
        long step = Totp.step(Instant.ofEpochSecond(time));

        assertThat(Totp.code(SHA1_SEED, step, 8, "HmacSHA1")).isEqualTo(sha1);
        assertThat(Totp.code(seed32, step, 8, "HmacSHA256")).isEqualTo(sha256);
        assertThat(Totp.code(seed64, step, 8, "HmacSHA512")).isEqualTo(sha512);
    }

    @Test
    void sixDigitCodesAreTheLowDigitsOfTheSameValue() {
        // RFC 4226 Appendix D: HOTP of the same seed, counter 1 and 9
        assertThat(Totp.code(SHA1_SEED, 1)).isEqualTo("287082");
        assertThat(Totp.code(SHA1_SEED, 9)).isEqualTo("520489");
    }

    @Test
    void aCodeMatchesItsStepAndOneStepEitherSideButNotTwo() {
        Instant t = Instant.ofEpochSecond(1_111_111_111);
        long step = Totp.step(t);
        String now = Totp.code(SHA1_SEED, step);

        assertThat(Totp.match(SHA1_SEED, now, t)).hasValue(step);
        assertThat(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step - 1), t)).hasValue(step - 1);
        assertThat(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step + 1), t)).hasValue(step + 1);
        assertThat(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step - 2), t)).isEmpty();
        assertThat(Totp.match(SHA1_SEED, Totp.code(SHA1_SEED, step + 2), t)).isEmpty();
    }

    @Test
    void malformedCodesNeverMatch() {
        Instant t = Instant.ofEpochSecond(59);
        assertThat(Totp.match(SHA1_SEED, null, t)).isEmpty();
        assertThat(Totp.match(SHA1_SEED, "", t)).isEmpty();
        assertThat(Totp.match(SHA1_SEED, "28708", t)).isEmpty();
        assertThat(Totp.match(SHA1_SEED, "2870822", t)).isEmpty();
        assertThat(Totp.match(SHA1_SEED, "２８７０８２", t)).isEmpty();
    }

    @Test
    void theProvisioningUriCarriesTheBase32SecretAndTheParameters() {
        // RFC 4648 §10: base32 of "foobar" is MZXW6YTBOI (padding dropped)
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Totp.uri("Hallmark", "ann lee", SHA1_SEED))
                .isEqualTo("otpauth://totp/Hallmark:ann%20lee?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=Hallmark&algorithm=SHA1&digits=6&period=30");
    }

    @Property(tries = 500)
    void anyPresentedTextIsAnsweredWithoutThrowing(@ForAll String presented, @ForAll long seconds) {
        Instant t = Instant.ofEpochSecond(Math.floorMod(seconds, 4_000_000_000L));
        assertThat(Totp.match(SHA1_SEED, presented, t)).isNotNull();
    }
}

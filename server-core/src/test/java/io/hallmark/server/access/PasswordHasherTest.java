package io.hallmark.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1024, 1);

    @Test
    void rightPasswordVerifiesAndWrongOneDoesNot() {
        String h = hasher.hash("correct horse battery".toCharArray());
        assertThat(h).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(hasher.verify("correct horse battery".toCharArray(), h)).isTrue();
        assertThat(hasher.verify("correct horse batterx".toCharArray(), h)).isFalse();
    }

    @Test
    void samePasswordHashesDifferentlyEachTime() {
        assertThat(hasher.hash("p4ssw0rd-long".toCharArray())).isNotEqualTo(hasher.hash("p4ssw0rd-long".toCharArray()));
    }

    @Test
    void defaultCostIsOwaspMinimum() {
        assertThat(new PasswordHasher().hash("x".toCharArray())).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void rfc9106VectorShapeIsReadBack() {
        // a hash made with other parameters still verifies: parameters are read from the string
        String h = new PasswordHasher(2048, 3).hash("pw-pw-pw-pw-pw".toCharArray());
        assertThat(hasher.verify("pw-pw-pw-pw-pw".toCharArray(), h)).isTrue();
    }

    @Test
    void malformedHashIsFalseNotAnError() {
        assertThat(hasher.verify("x".toCharArray(), "$argon2i$v=19$m=1,t=1,p=1$AA$AA"))
                .isFalse();
        assertThat(hasher.verify("x".toCharArray(), "")).isFalse();
    }
}

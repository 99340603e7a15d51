package io.hallmark.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TokenTextTest {
    @Test
    void generatedTokenParsesBackToItsIdAndSecret() {
        TokenText t = TokenText.generate();
        assertThat(TokenText.parse(t.text())).contains(t);
        assertThat(t.text()).startsWith("hm1.tok_");
        assertThat(t.secretHash()).hasSize(32);
    }

    @Test
    void secretCarriesTwoHundredFiftySixBits() {
        // 43 base64url characters = 258 bits of text for 256 bits of randomness
        assertThat(TokenText.generate().secret()).hasSize(43);
    }

    @Test
    void toStringNeverShowsTheSecret() {
        TokenText t = TokenText.generate();
        assertThat(t.toString()).doesNotContain(t.secret());
    }

    @Property
    void arbitraryTextIsRefusedOrParsedNeverThrows(@ForAll String text) {
        assertThat(TokenText.parse(text)).isNotNull();
    }
}

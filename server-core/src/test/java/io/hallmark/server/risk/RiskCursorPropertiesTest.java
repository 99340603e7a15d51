package io.hallmark.server.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.errors.InvalidRequestException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The risk listing's cursor parser is fuzzed: a cursor it made reads back; anything else is a bad request. */
class RiskCursorPropertiesTest {
    @Property(tries = 1000)
    void anyTextParsesOrIsABadRequest(@ForAll @StringLength(max = 120) String text) {
        try {
            RiskCursor c = RiskCursor.parse(text);
            assertThat(c.toString()).isEqualTo(text);
        } catch (InvalidRequestException expected) {
            assertThat(expected.getMessage()).startsWith("cursor: ");
        }
    }

    @Property(tries = 500)
    void cursorsItMakesReadBack(@ForAll @IntRange(min = 0, max = 100) int score) {
        RiskCursor c = new RiskCursor(score, "dev_" + score);
        assertThat(RiskCursor.parse(c.toString())).isEqualTo(c);
    }
}

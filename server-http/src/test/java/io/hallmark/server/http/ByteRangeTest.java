package io.hallmark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void anOpenRangeAsksForTheRestOfTheFile() {
        assertThat(ByteRange.parse("bytes=100-", 1000)).contains(new ByteRange(100, 999));
        assertThat(ByteRange.parse("bytes=100-", 1000).orElseThrow().contentRange(1000))
                .isEqualTo("bytes 100-999/1000");
    }

    @Test
    void aClosedRangeEndingPastTheFileIsCutAtItsEnd() {
        assertThat(ByteRange.parse("bytes=0-499", 1000)).contains(new ByteRange(0, 499));
        assertThat(ByteRange.parse("bytes=900-5000", 1000)).contains(new ByteRange(900, 999));
        assertThat(ByteRange.parse("Bytes = 5-5", 1000)).contains(new ByteRange(5, 5));
    }

    @Test
    void aSuffixRangeAsksForTheLastBytes() {
        assertThat(ByteRange.parse("bytes=-100", 1000)).contains(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).contains(new ByteRange(0, 999));
    }

    @Test
    void aRangeStartingAtOrPastTheEndIsUnsatisfiable() {
        ByteRange r = ByteRange.parse("bytes=1000-", 1000).orElseThrow();
        assertThat(r.unsatisfiable()).isTrue();
        assertThat(r.contentRange(1000)).isEqualTo("bytes */1000");
        assertThat(ByteRange.parse("bytes=-0", 1000).orElseThrow().unsatisfiable())
                .isTrue();
        assertThat(ByteRange.parse("bytes=0-", 0).orElseThrow().unsatisfiable()).isTrue();
    }

    @Test
    void otherUnitsSeveralRangesAndMalformedHeadersAreIgnored() {
        for (String h : new String[] {
            null,
            "",
            "items=0-10",
            "bytes=0-10,20-30",
            "bytes=10-5",
            "bytes=a-b",
            "bytes=-",
            "bytes=5",
            "bytes=+5-10",
            "bytes=1234567890123456789-",
            "bytes=0-" + "9".repeat(300)
        }) {
            assertThat(ByteRange.parse(h, 1000)).as("%s", h).isEmpty();
        }
    }

    @Property
    void anyHeaderGivesNothingOrARangeInsideTheFile(
            @ForAll String header, @ForAll @LongRange(min = 0, max = 1L << 40) long length) {
        Optional<ByteRange> r = ByteRange.parse(header, length);
        r.filter(x -> !x.unsatisfiable()).ifPresent(x -> {
            assertThat(x.first()).isBetween(0L, length - 1);
            assertThat(x.last()).isBetween(x.first(), length - 1);
        });
    }

    @Property
    void wellFormedRangesAreHonouredWithinTheFile(
            @ForAll @LongRange(min = 0, max = 1_000_000) long first,
            @ForAll @LongRange(min = 0, max = 1_000_000) long span,
            @ForAll @LongRange(min = 1, max = 2_000_000) long length) {
        ByteRange r =
                ByteRange.parse("bytes=" + first + "-" + (first + span), length).orElseThrow();
        if (first >= length) {
            assertThat(r.unsatisfiable()).isTrue();
        } else {
            assertThat(r).isEqualTo(new ByteRange(first, Math.min(first + span, length - 1)));
        }
    }
}

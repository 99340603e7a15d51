package io.hallmark.server.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.vuln.Advisory.Affected;
import io.hallmark.server.vuln.Advisory.Event;
import io.hallmark.server.vuln.Advisory.Kind;
import io.hallmark.server.vuln.Advisory.Range;
import io.hallmark.server.vuln.RangeMatcher.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RangeMatcherTest {
    private static Affected affected(String ecosystem, String type, Event... events) {
        Optional<String> repo = type.equals("GIT") ? Optional.of("https://example.org/r") : Optional.empty();
        return new Affected(
                ecosystem, "p", Optional.empty(), List.of(new Range(type, repo, List.of(events))), List.of());
    }

    private static Event ev(Kind k, String v) {
        return new Event(k, v);
    }

    @Test
    void introducedAndFixedBoundAHalfOpenInterval() {
        Affected a = affected("npm", "SEMVER", ev(Kind.INTRODUCED, "1.2.0"), ev(Kind.FIXED, "1.4.1"));
        assertThat(RangeMatcher.match(a, "1.1.9").affected()).isFalse();
        assertThat(RangeMatcher.match(a, "1.2.0").affected()).isTrue();
        assertThat(RangeMatcher.match(a, "1.4.1-rc.1").affected()).isTrue();
        assertThat(RangeMatcher.match(a, "1.4.1").affected()).isFalse();
    }

    @Test
    void zeroMeansFromTheBeginningAndLastAffectedIsInclusive() {
        Affected a = affected("Maven", "ECOSYSTEM", ev(Kind.INTRODUCED, "0"), ev(Kind.LAST_AFFECTED, "2.5"));
        assertThat(RangeMatcher.match(a, "0.0.1").affected()).isTrue();
        assertThat(RangeMatcher.match(a, "2.5.0").affected()).isTrue();
        assertThat(RangeMatcher.match(a, "2.5.1").affected()).isFalse();
    }

    @Test
    void severalIntervalsInOneRange() {
        Affected a = affected(
                "PyPI",
                "ECOSYSTEM",
                ev(Kind.INTRODUCED, "1.0"),
                ev(Kind.FIXED, "1.2"),
                ev(Kind.INTRODUCED, "2.0"),
                ev(Kind.FIXED, "2.0.3"));
        assertThat(RangeMatcher.match(a, "1.1").affected()).isTrue();
        assertThat(RangeMatcher.match(a, "1.5").affected()).isFalse();
        assertThat(RangeMatcher.match(a, "2.0.2.post1").affected()).isTrue();
        assertThat(RangeMatcher.match(a, "2.0.3").affected()).isFalse();
    }

    @Test
    void gitRangesMatchOnlyTheListedCommits() {
        Affected a = affected("", "GIT", ev(Kind.INTRODUCED, "aaaa"), ev(Kind.FIXED, "bbbb"));
        assertThat(RangeMatcher.match(a, "aaaa").affected()).isTrue();
        assertThat(RangeMatcher.match(a, "BBBB")).isEqualTo(new Verdict(false, Optional.empty()));
        Verdict other = RangeMatcher.match(a, "cccc");
        assertThat(other.affected()).isFalse();
        assertThat(other.note()).hasValueSatisfying(n -> assertThat(n).contains("only the listed commits"));
    }

    @Test
    void unknownEcosystemsAndUnreadableVersionsAreUndecidedWithANote() {
        Affected alpine = affected("Alpine:v3.8", "ECOSYSTEM", ev(Kind.INTRODUCED, "0"), ev(Kind.FIXED, "1.0.2q-r0"));
        assertThat(RangeMatcher.match(alpine, "1.0.2p-r0").note())
                .hasValueSatisfying(n -> assertThat(n).contains("not implemented"));
        Affected npm = affected("npm", "SEMVER", ev(Kind.INTRODUCED, "0"), ev(Kind.FIXED, "1.0.0"));
        assertThat(RangeMatcher.match(npm, "banana").note())
                .hasValueSatisfying(n -> assertThat(n).contains("not a semantic version"));
    }

    @Test
    void listedVersionsMatchExactly() {
        Affected a = new Affected("RubyGems", "x", Optional.empty(), List.of(), List.of("1.0.0"));
        assertThat(RangeMatcher.match(a, "1.0.0").affected()).isTrue();
        assertThat(RangeMatcher.match(a, "1.0.1")).isEqualTo(new Verdict(false, Optional.empty()));
    }
}

package io.hallmark.server.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The blocklist loader is fuzzed: whatever the lines, every well-formed entry is loaded and every other non-comment
 * line gives exactly one error naming its line, never an exception.
 */
class WeakKeyBlocklistProperties {
    /** A line and whether it is an entry (true), ignored (null) or malformed (false). */
    record Line(String text, Boolean entry) {}

    @Provide
    Arbitrary<List<Line>> lines() {
        Arbitrary<Line> entries = Arbitraries.strings()
                .withChars("0123456789abcdefABCDEF")
                .ofLength(20)
                .map(s -> new Line(s, true));
        Arbitrary<Line> ignored = Arbitraries.oneOf(
                Arbitraries.strings()
                        .ofMaxLength(30)
                        .map(s -> new Line("#" + s.replace('\n', ' ').replace('\r', ' '), null)),
                Arbitraries.of(new Line("", null), new Line("   ", null)));
        Arbitrary<Line> garbage = Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(60)
                .filter(s -> s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
                .filter(s -> !s.strip().isEmpty() && !s.strip().startsWith("#"))
                .filter(s -> !s.strip().matches("[0-9a-fA-F]{20}"))
                .map(s -> new Line(s, false));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, entries),
                        net.jqwik.api.Tuple.of(1, ignored),
                        net.jqwik.api.Tuple.of(3, garbage))
                .list()
                .ofMaxSize(60);
    }

    @Property(tries = 500)
    void wellFormedEntriesLoadAndEachMalformedLineIsOneError(@ForAll("lines") List<Line> lines) {
        StringBuilder file = new StringBuilder();
        List<String> expectedErrors = new ArrayList<>();
        int entries = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            file.append(l.text()).append('\n');
            if (Boolean.FALSE.equals(l.entry())) {
                expectedErrors.add("blacklist.RSA-2048 line " + (i + 1) + ":");
            } else if (Boolean.TRUE.equals(l.entry())) {
                entries++;
            }
        }
        WeakKeyBlocklist.Loaded loaded = WeakKeyBlocklist.read("blacklist.RSA-2048", file.toString());
        assertThat(loaded.errors()).hasSameSizeAs(expectedErrors);
        for (int i = 0; i < expectedErrors.size(); i++) {
            assertThat(loaded.errors().get(i)).startsWith(expectedErrors.get(i)).doesNotContain("\n");
        }
        long distinct = lines.stream()
                .filter(l -> Boolean.TRUE.equals(l.entry()))
                .map(l -> l.text().toLowerCase(java.util.Locale.ROOT))
                .distinct()
                .count();
        assertThat(loaded.blocklist().size()).isEqualTo((int) distinct).isLessThanOrEqualTo(entries);
    }

    @Property(tries = 300)
    void arbitraryContentNeverThrows(@ForAll String content) {
        WeakKeyBlocklist.Loaded loaded = WeakKeyBlocklist.read("blacklist.RSA-1024", content);
        assertThat(loaded.errors()).allSatisfy(e -> assertThat(e).startsWith("blacklist.RSA-1024 line "));
    }
}

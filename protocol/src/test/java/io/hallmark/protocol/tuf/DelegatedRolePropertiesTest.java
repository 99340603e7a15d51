package io.hallmark.protocol.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A delegation's path patterns (TUF §4.6) agree with a regular-expression reading of them, segment by segment. */
class DelegatedRolePropertiesTest {

    @Property(tries = 3000)
    void patternsMatchAsTheirRegularExpressionDoes(@ForAll("patterns") String pattern, @ForAll("paths") String path) {
        Metadata.DelegatedRole role =
                new Metadata.DelegatedRole("r", List.of("k"), 1, false, List.of(pattern), List.of());
        String regex = Pattern.quote(pattern).replace("*", "\\E[^/]*\\Q").replace("?", "\\E[^/]\\Q");
        assertThat(role.isTrustedFor(path)).as("%s ~ %s", pattern, path).isEqualTo(path.matches(regex));
    }

    @Property(tries = 200)
    void manyStarsStayFast(@ForAll("paths") String path) {
        Metadata.DelegatedRole role =
                new Metadata.DelegatedRole("r", List.of("k"), 1, false, List.of("*".repeat(40) + "x"), List.of());
        assertThat(role.isTrustedFor(path + "a".repeat(40))).isFalse();
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars("ab/*?").ofMinLength(1).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.strings().withChars("ab/").ofMinLength(1).ofMaxLength(8);
    }
}

package io.hallmark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    @Test
    void membersAreSortedByUtf16CodeUnitsAsRfc8785Requires() {
        // RFC 8785 §3.2.3: sorting is by UTF-16 code units, so U+E000 sorts before U+1F600 (a surrogate pair)
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\uD83D\uDE00", 1);
        m.put("\uE000", 2);
        m.put("b", 3);
        m.put("a", 4);
        assertThat(CanonicalJson.write(m)).isEqualTo("{\"a\":4,\"b\":3,\"\uD83D\uDE00\":1,\"\uE000\":2}");
    }

    @Test
    void controlCharactersAreEscapedAndOthersKept() {
        assertThat(CanonicalJson.write("a\"\\\n\u0001é")).isEqualTo("\"a\\\"\\\\\\n\\u0001é\"");
    }

    @Test
    void nestedValuesHaveNoWhitespace() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", List.of(1, true, "x"));
        m.put("y", null);
        assertThat(CanonicalJson.write(m)).isEqualTo("{\"y\":null,\"z\":[1,true,\"x\"]}");
    }

    @Test
    void floatsAndHugeIntegersAreRefused() {
        assertThatThrownBy(() -> CanonicalJson.write(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.write(1L << 60)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void orderOfInsertionNeverChangesTheText(@ForAll List<String> keys) {
        Map<String, Object> forward = new LinkedHashMap<>();
        keys.forEach(k -> forward.put(k, k.length()));
        Map<String, Object> backward = new LinkedHashMap<>();
        String[] reversed = keys.toArray(String[]::new);
        java.util.Collections.reverse(Arrays.asList(reversed));
        for (String k : reversed) {
            backward.put(k, k.length());
        }
        assertThat(CanonicalJson.write(backward)).isEqualTo(CanonicalJson.write(forward));
    }
}

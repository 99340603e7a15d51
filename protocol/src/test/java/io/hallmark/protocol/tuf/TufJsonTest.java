package io.hallmark.protocol.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TufJsonTest {

    // The expected bytes were produced by @tufjs/canonical-json 2.0.0 (the encoder tuf-js 5.0.1 verifies with):
    // canonicalize(value) for the JSON values below.

    @Test
    void sortsMembersEscapesOnlyQuoteAndBackslashAndWritesNoWhitespaceAsTufJsDoes() {
        Object value = read("{\"b\":2,\"a\":[1,\"x\",true,null],\"c\\\"d\":\"e\\\\f\"}");
        assertThat(HexFormat.of().formatHex(TufJson.canonical(value)))
                .isEqualTo("7b2261223a5b312c2278222c747275652c6e756c6c5d2c2262223a322c22635c2264223a22655c5c66227d");
    }

    @Test
    void writesControlCharactersAndNonAsciiAsThemselvesAsTufJsDoes() {
        Object value = read("{\"é\":\"ü\\u0001\\n\",\"Z\":{\"y\":-5,\"x\":0},\"a\":[]}");
        assertThat(HexFormat.of().formatHex(TufJson.canonical(value)))
                .isEqualTo("7b225a223a7b2278223a302c2279223a2d357d2c2261223a5b5d2c22c3a9223a22c3bc010a227d");
        assertThat(HexFormat.of().formatHex(TufJson.canonical("tab\there"))).isEqualTo("22746162096865726522");
    }

    @Test
    void sortsKeysByCodePointAsSecuresystemslibDoesWhereJavaScriptsUtf16OrderDiffers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("é", 1L);
        m.put("😀", 2L);
        m.put("\uffff", 3L);
        m.put("z", 4L);
        // tuf-js gives z, é, 😀, U+FFFF (UTF-16 order); Python's sort and UTF-8 byte order put U+FFFF before U+1F600
        assertThat(new String(TufJson.canonical(m), StandardCharsets.UTF_8))
                .isEqualTo("{\"z\":4,\"é\":1,\"\uffff\":3,\"😀\":2}");
    }

    @Test
    void isNotRfc8785ForControlCharacters() {
        assertThat(TufJson.canonical(Map.of("a", "\n"))).isEqualTo("{\"a\":\"\n\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(io.hallmark.core.CanonicalJson.write(Map.of("a", "\n"))).isEqualTo("{\"a\":\"\\n\"}");
    }

    @Test
    void refusesDuplicateMembersFractionsTrailingDataAndOversizedInput() {
        assertReason("{\"a\":1,\"a\":2}", TufException.DUPLICATE);
        assertReason("{\"a\":1.0}", TufException.MALFORMED);
        assertReason("{\"a\":1e3}", TufException.MALFORMED);
        assertReason("{\"a\":1} x", TufException.MALFORMED);
        assertReason("{\"a\":\"\\ud800\"}", TufException.MALFORMED);
        assertReason("[".repeat(40) + "]".repeat(40), TufException.MALFORMED);
        assertReason("", TufException.SIZE);
        assertThatThrownBy(() -> TufJson.read(new byte[101], 100))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(TufException.SIZE));
    }

    @Test
    void readsIntegersAsLongsAndKeepsMemberOrder() {
        assertThat(read("{\"z\":9007199254740991,\"a\":[false]}"))
                .isEqualTo(Map.of("z", 9007199254740991L, "a", List.of(false)));
        assertReason("{\"z\":9007199254740992}", TufException.MALFORMED);
        assertReason("{\"z\":-9007199254740992}", TufException.MALFORMED);
    }

    private static Object read(String json) {
        return TufJson.read(json.getBytes(StandardCharsets.UTF_8), 10_000);
    }

    private static void assertReason(String json, String reason) {
        assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(TufException.class, e -> assertThat(e.reason())
                .isEqualTo(reason));
    }
}

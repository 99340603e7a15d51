package io.hallmark.server.vuln;

import io.hallmark.core.UntrustedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The parsers are fuzzed: whatever the input, they parse or refuse with {@link UntrustedInputException}. */
class VulnParsersPropertiesTest {
    private static final String BOM = "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"components\":"
            + " [{\"type\": \"library\", \"name\": \"a\", \"version\": \"1.0.0\", \"purl\": \"pkg:npm/a@1.0.0\"}]}";
    private static final String CSAF = "{\"document\": {\"csaf_version\": \"2.0\"}, \"product_tree\": {"
            + "\"full_product_names\": [{\"name\": \"x\", \"product_id\": \"P\"}]}, \"vulnerabilities\": ["
            + "{\"cve\": \"CVE-1\", \"product_status\": {\"fixed\": [\"P\"]}}]}";

    @Provide
    Arbitrary<String> mutatedOsv() {
        return mutations(OsvParserTest.GOOD);
    }

    @Provide
    Arbitrary<String> mutatedBom() {
        return mutations(BOM);
    }

    @Provide
    Arbitrary<String> mutatedCsaf() {
        return mutations(CSAF);
    }

    /** The document with one span replaced by a random string (structure and values broken in every way). */
    private static Arbitrary<String> mutations(String doc) {
        return Arbitraries.integers().between(0, doc.length()).flatMap(at -> Arbitraries.integers()
                .between(0, Math.min(12, doc.length() - at))
                .flatMap(len -> Arbitraries.strings()
                        .withChars("{}[]\",:0123456789.-abcSEMVRintroducedfixpkg:/@\\ ")
                        .ofMaxLength(12)
                        .map(s -> doc.substring(0, at) + s + doc.substring(at + len))));
    }

    @Property(tries = 1000)
    void osvImportsOrRefusesPerRecord(@ForAll("mutatedOsv") String doc) {
        ImportResult<Advisory> r = OsvParser.parse(doc.getBytes(StandardCharsets.UTF_8), "f");
        new AdvisoryIndex(r.accepted()).match(new Component("a", "1.2.0", Optional.of("pkg:npm/left-pad@1.2.0")));
    }

    @Property(tries = 300)
    void osvSurvivesArbitraryBytes(@ForAll byte[] bytes) {
        OsvParser.parse(bytes, "f");
    }

    @Property(tries = 1000)
    void sbomReadsOrRefuses(@ForAll("mutatedBom") String doc) {
        try {
            new AdvisoryIndex(java.util.List.of())
                    .matchAll(CycloneDxComponents.read(doc.getBytes(StandardCharsets.UTF_8)));
        } catch (UntrustedInputException expected) {
            // refused: fine
        }
    }

    @Property(tries = 1000)
    void csafReadsOrRefuses(@ForAll("mutatedCsaf") String doc) {
        try {
            CsafVexParser.parse(doc.getBytes(StandardCharsets.UTF_8), "c");
        } catch (UntrustedInputException expected) {
            // refused: fine
        }
    }

    @Property(tries = 1000)
    void purlsParseOrAreRefused(@ForAll String s) {
        try {
            Purl.parse("pkg:" + s).osvPackage();
        } catch (UntrustedInputException expected) {
            // refused: fine
        }
    }

    @Property(tries = 1000)
    void versionOrdersCompareOrRefuse(@ForAll("versions") String a, @ForAll("versions") String b) {
        for (VersionScheme s : VersionScheme.values()) {
            try {
                int ab = s.comparator().compare(a, b);
                int ba = s.comparator().compare(b, a);
                if (Integer.signum(ab) != -Integer.signum(ba)) {
                    throw new AssertionError(s + " not antisymmetric on " + a + ", " + b);
                }
            } catch (IllegalArgumentException expected) {
                // not a version of that scheme
            }
        }
    }

    @Provide
    Arbitrary<String> versions() {
        return Arbitraries.strings()
                .withChars("0123456789.-+abrcdevpostv!_")
                .ofMinLength(1)
                .ofMaxLength(16);
    }
}

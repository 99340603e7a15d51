package io.hallmark.protocol.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The metadata reader is fuzzed: it returns metadata or throws {@link TufException}, nothing else. */
class TufCodecPropertiesTest {
    private static final TestRepository REPO = new TestRepository();

    static {
        REPO.addTarget("p/fw.bin", TestRepository.utf8("fw"), java.util.Map.of("v", List.of(1L, "x")));
        REPO.publish();
    }

    @Property(tries = 2000)
    void arbitraryBytesAreReadOrRefusedWithTufException(@ForAll byte[] bytes) {
        readAll(bytes);
    }

    @Property(tries = 3000)
    void mutatedRealMetadataIsReadOrRefusedWithTufException(@ForAll("mutated") byte[] bytes) {
        readAll(bytes);
    }

    @Property(tries = 2000)
    void metadataShapedTokenSoupIsReadOrRefusedWithTufException(@ForAll("soup") String json) {
        readAll(json.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void aChangeToSignedBytesNeverStillVerifiesUnlessTheCanonicalFormIsTheSame(@ForAll("mutatedRoot") byte[] bytes) {
        Signed<Metadata.Root> original = TufCodec.readRoot(REPO.rootBytes, 512_000);
        try {
            Signed<Metadata.Root> r = TufCodec.readRoot(bytes, 512_000);
            TufCodec.checkThreshold(
                    r, original.signed().keys(), original.signed().role("root"), "root");
            assertThat(r.canonicalSigned()).isEqualTo(original.canonicalSigned());
        } catch (TufException expected) {
            assertThat(expected.getMessage()).startsWith(expected.reason() + " ");
        }
    }

    private static final List<java.util.function.Function<byte[], Signed<?>>> READERS = List.of(
            b -> TufCodec.readRoot(b, 512_000),
            b -> TufCodec.readTargets(b, 512_000),
            b -> TufCodec.readSnapshot(b, 512_000),
            b -> TufCodec.readTimestamp(b, 512_000));

    private static void readAll(byte[] bytes) {
        for (java.util.function.Function<byte[], Signed<?>> reader : READERS) {
            try {
                Signed<?> s = reader.apply(bytes);
                // what is read is written and read again to the same signed bytes
                assertThat(reader.apply(TufCodec.write(s)).canonicalSigned()).isEqualTo(s.canonicalSigned());
            } catch (TufException expected) {
                assertThat(expected.getMessage()).startsWith(expected.reason() + " ");
            }
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        List<byte[]> files = new ArrayList<>(REPO.files.values());
        return Arbitraries.of(files).flatMap(f -> mutate(f));
    }

    @Provide
    Arbitrary<byte[]> mutatedRoot() {
        return mutate(REPO.rootBytes);
    }

    private static Arbitrary<byte[]> mutate(byte[] f) {
        return Arbitraries.integers()
                .between(0, f.length - 1)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .flatMap(positions -> Arbitraries.bytes()
                        .list()
                        .ofSize(positions.size())
                        .map(values -> {
                            byte[] copy = f.clone();
                            for (int i = 0; i < positions.size(); i++) {
                                copy[positions.get(i)] = values.get(i);
                            }
                            return copy;
                        }));
    }

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> name = Arbitraries.of(
                "_type",
                "spec_version",
                "version",
                "expires",
                "keys",
                "roles",
                "keyids",
                "threshold",
                "meta",
                "targets",
                "delegations",
                "signed",
                "signatures",
                "keyid",
                "sig",
                "length",
                "hashes",
                "sha256",
                "custom",
                "consistent_snapshot",
                "keytype",
                "scheme",
                "keyval",
                "public",
                "root",
                "timestamp",
                "snapshot",
                "snapshot.json",
                "targets.json",
                "name",
                "paths",
                "terminating",
                "x");
        Arbitrary<String> scalar = Arbitraries.of(
                "1",
                "0",
                "-1",
                "2147483648",
                "1.5",
                "true",
                "null",
                "\"root\"",
                "\"targets\"",
                "\"1.0.31\"",
                "\"2030-01-01T00:00:00Z\"",
                "\"ed25519\"",
                "\"" + "a".repeat(64) + "\"",
                "[]",
                "{}",
                "[\"" + "0".repeat(64) + "\"]");
        return Arbitraries.recursive(
                () -> scalar,
                inner -> Arbitraries.oneOf(
                        Arbitraries.entries(name, inner).list().ofMaxSize(6).map(es -> {
                            StringBuilder b = new StringBuilder("{");
                            for (int i = 0; i < es.size(); i++) {
                                b.append(i > 0 ? "," : "")
                                        .append('"')
                                        .append(es.get(i).getKey())
                                        .append("\":")
                                        .append(es.get(i).getValue());
                            }
                            return b.append('}').toString();
                        }),
                        inner.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]")),
                4);
    }
}

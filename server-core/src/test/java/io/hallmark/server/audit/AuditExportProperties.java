package io.hallmark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * An audit export read for offline verification ({@code hallmark audit verify --file}) comes from anywhere: whatever
 * its lines hold, verification reports findings and never fails with an exception, and it reports success only for
 * a file whose every line is an entry or a checkpoint.
 */
class AuditExportProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PublicKey KEY = key();

    @Property(tries = 300)
    void anyExportFileIsVerifiedWithoutAnException(@ForAll("files") List<String> lines) throws IOException {
        Path file = Files.createTempFile("audit-export", ".jsonl");
        try {
            Files.write(file, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));

            AuditVerification v = AuditExport.verifyFile(file, KEY);

            assertThat(v.entries()).isNotNegative();
            if (v.ok()) {
                assertThat(lines).allSatisfy(l -> assertThat(l.isBlank() || isEntryOrCheckpoint(l))
                        .as("a line of a verified file: %s", l)
                        .isTrue());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<List<String>> files() {
        Arbitrary<String> garbage = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings()
                        .ofMaxLength(80)
                        .map(s -> JSON.getNodeFactory().textNode(s).toString()),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of(
                        "null",
                        "true",
                        "[]",
                        "{}",
                        "1e400",
                        "-0",
                        "\"2026-11-26T00:00:00Z\"",
                        "\"0000000000000000000000000000000000000000000000000000000000000000\""));
        Arbitrary<String> field = Arbitraries.of(
                "type",
                "seq",
                "time",
                "actor",
                "action",
                "outcome",
                "contentHash",
                "prevHash",
                "entryHash",
                "jws",
                "org",
                "target",
                "reason",
                "severity",
                "redacted");
        Arbitrary<String> object = Combinators.combine(
                        Arbitraries.of("entry", "checkpoint", "other", ""),
                        Combinators.combine(field, value)
                                .as((f, v) -> "\"" + f + "\":" + v)
                                .list()
                                .ofMaxSize(12))
                .as((type, fields) -> {
                    StringBuilder b =
                            new StringBuilder("{\"type\":\"").append(type).append('"');
                    fields.forEach(f -> b.append(',').append(f));
                    return b.append('}').toString();
                });
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, object),
                        net.jqwik.api.Tuple.of(1, garbage),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just("")))
                .list()
                .ofMaxSize(20);
    }

    private static boolean isEntryOrCheckpoint(String line) {
        try {
            if (JSON.readTree(line) instanceof ObjectNode o) {
                String type = o.path("type").asText();
                return type.equals("entry") || type.equals("checkpoint");
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static PublicKey key() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

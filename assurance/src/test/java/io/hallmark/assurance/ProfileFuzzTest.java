package io.hallmark.assurance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class ProfileFuzzTest {
    private static final String CAMERA = read();

    @Property(tries = 300)
    void garbledProfileTextRaisesNothingButAProfileException(@ForAll("garbledCamera") String text) {
        assessOrRefuse(text);
    }

    @Property(tries = 300)
    void arbitraryTextRaisesNothingButAProfileException(@ForAll @StringLength(max = 400) String text) {
        assessOrRefuse(text);
    }

    @Property(tries = 200)
    void minimalProfileWithOneLineDroppedRaisesNothingButAProfileException(@ForAll("lineDropped") String text) {
        assessOrRefuse(text);
    }

    @Provide
    Arbitrary<String> garbledCamera() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, CAMERA.length() - 1);
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 40);
        Arbitrary<String> insert = Arbitraries.strings()
                .withChars(":-[]{}\"'#&*!|>%@`, \n\t~")
                .withCharRange('a', 'z')
                .withCharRange('0', '9')
                .ofMaxLength(6);
        return Combinators.combine(at, cut, insert).as((i, n, s) -> {
            int end = Math.min(CAMERA.length(), i + n);
            return CAMERA.substring(0, i) + s + CAMERA.substring(end);
        });
    }

    @Provide
    Arbitrary<String> lineDropped() {
        String[] lines = ProfileReaderTest.MINIMAL.split("\n");
        return Arbitraries.integers().between(0, lines.length - 1).map(drop -> {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                if (i != drop) {
                    out.append(lines[i]).append('\n');
                }
            }
            return out.toString();
        });
    }

    private static void assessOrRefuse(String text) {
        try {
            ProfileReaderTest.assess(text);
        } catch (ProfileException expected) {
            // the one exception a profile may cause
        }
    }

    private static String read() {
        try {
            return Files.readString(Workspace.EXAMPLES.resolve("camera.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

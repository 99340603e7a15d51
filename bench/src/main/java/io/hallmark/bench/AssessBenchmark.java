package io.hallmark.bench;

import io.hallmark.assurance.Assessment;
import io.hallmark.assurance.AssessmentTool;
import io.hallmark.assurance.LargeProfiles;
import io.hallmark.assurance.ProfileException;
import io.hallmark.assurance.StatementVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The offline assessment of a large product profile: the camera example with {@code threats} generated threats,
 * against the full built-in catalogs (ETSI EN 303 645, CRA Annex I, IEC 62443-4-2, NIST IR 8259A, ISO/IEC 18045).
 * Target: under 1 s for 200 threats. {@code warm} is the steady state; {@code cold} is the first assessment in a
 * fresh JVM (catalogs loaded, classes initialized), measured once per fork.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AssessBenchmark {
    /** How many threats the profile has. */
    @Param({"200"})
    public int threats;

    private byte[] profile;

    /** Makes the profile from the repository's {@code examples/camera.yaml}. */
    @Setup
    public void makeProfile() {
        Path examples = Path.of("examples");
        if (!Files.isDirectory(examples)) {
            examples = Path.of("..", "examples");
        }
        profile = LargeProfiles.cameraWithThreats(examples, threats).getBytes(StandardCharsets.UTF_8);
    }

    /** Steady state: one assessment. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    @Fork(1)
    public Assessment warm() throws ProfileException {
        return assess();
    }

    /** The first assessment of a fresh JVM, five forks. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(5)
    public Assessment cold() throws ProfileException {
        return assess();
    }

    Assessment assess() throws ProfileException {
        return AssessmentTool.assess("camera-200.yaml", profile, Map.of(), StatementVerifier.jwsEs256());
    }
}

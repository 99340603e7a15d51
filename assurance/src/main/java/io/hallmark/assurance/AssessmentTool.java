package io.hallmark.assurance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hallmark.assurance.ProfileException.Problem;
import io.hallmark.core.Checks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The entry point of the offline assessment, for the {@code hallmark assess} commands.
 *
 * <pre>{@code
 * AttackPotentialResult r = AssessmentTool.attackPotential("le_1_week", "proficient", "restricted", "easy", "specialised");
 * String json = AssessmentTool.json(r);                    // {"value":12,"rating":"Enhanced-Basic","exploitable":true}
 *
 * Assessment a = AssessmentTool.assess(Path.of("examples/camera.yaml"));   // throws ProfileException
 * String html = AssessmentTool.html(a);
 * int exit = AssessmentTool.exitCode(a);                   // 0 when the target level is reached, 3 when blocked
 * }</pre>
 *
 * <p>Level ids are those of the attack potential catalog ({@code attack-potential-iso-iec-18045-2022.yaml}). The
 * profile's referenced files (evidence, SBOM, signatures, keys) are read relative to the profile's folder; everything
 * after reading is pure. By default signed statements are verified as ES256 compact JWS with the JWK the profile
 * names; pass a {@link StatementVerifier} to trust keys another way.
 */
public final class AssessmentTool {
    /** Exit code when the target level is reached. */
    public static final int EXIT_REACHED = 0;

    /** Exit code when the target level is blocked. */
    public static final int EXIT_BLOCKED = 3;

    private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private AssessmentTool() {}

    /**
     * Rates one attack path with ISO/IEC 18045 B.4.
     *
     * @throws IllegalArgumentException naming a level id the table does not have, with the ids it has
     */
    public static AttackPotentialResult attackPotential(
            String elapsedTime, String expertise, String knowledgeOfToe, String window, String equipment) {
        Map<String, String> levels = new HashMap<>();
        levels.put("elapsed_time", elapsedTime);
        levels.put("expertise", expertise);
        levels.put("knowledge_of_toe", knowledgeOfToe);
        levels.put("window_of_opportunity", window);
        levels.put("equipment", equipment);
        return Catalogs.builtIn().attackPotential().rate(levels);
    }

    /** The level ids of one factor ({@code elapsed_time}, {@code expertise}, ...), for help texts. */
    public static List<String> attackPotentialLevels(String factor) {
        return Catalogs.builtIn().attackPotential().levels(factor);
    }

    /** The shipped catalogs and their versions, e.g. {@code etsi-en-303-645 -> [V3.1.3]}, sorted by id. */
    public static Map<String, List<String>> catalogVersions() {
        Map<String, List<String>> out = new TreeMap<>();
        for (Catalog c : Catalogs.builtIn().all()) {
            out.computeIfAbsent(c.id(), id -> new ArrayList<>()).add(c.version());
        }
        out.replaceAll((id, versions) -> List.copyOf(versions));
        return Collections.unmodifiableMap(out);
    }

    /** Assesses the profile file, verifying signed statements as ES256 JWS with the keys it names. */
    public static Assessment assess(Path profile) throws ProfileException {
        return assess(profile, StatementVerifier.jwsEs256());
    }

    /** Assesses the profile file with {@code verifier} for its signed statements. */
    public static Assessment assess(Path profile, StatementVerifier verifier) throws ProfileException {
        Checks.notNull(profile, "profile");
        String name = profile.toString();
        byte[] bytes;
        try {
            if (Files.size(profile) > MAX_FILE_BYTES) {
                throw new ProfileException(List.of(new Problem(name, 0, 0, "size: too large")));
            }
            bytes = Files.readAllBytes(profile);
        } catch (IOException e) {
            throw new ProfileException(List.of(
                    new Problem(name, 0, 0, "cannot read: " + e.getClass().getSimpleName())));
        }
        ProfileReader.Read read = read(name, bytes);
        Path folder = realFolder(profile);
        Map<String, byte[]> files = new HashMap<>();
        for (String ref : references(read.profile())) {
            Path p = folder.resolve(ref).normalize();
            try {
                // a symbolic link may not lead out of the profile's folder either
                if (Files.isRegularFile(p) && p.toRealPath().startsWith(folder) && Files.size(p) <= MAX_FILE_BYTES) {
                    files.put(ref, Files.readAllBytes(p));
                }
            } catch (IOException e) {
                // an unreadable file is reported as missing evidence by the engine
                files.remove(ref);
            }
        }
        return new Assessor(Catalogs.builtIn(), verifier).assess(read.profile(), bytes, files);
    }

    /**
     * Assesses profile bytes with the referenced files already at hand: pure, no I/O.
     *
     * @param fileName how problems name the profile
     * @param profile the profile's exact bytes (signed statements cover them)
     * @param files referenced files by the path the profile names; an absent one is reported as missing
     * @param verifier checks signed statements
     */
    public static Assessment assess(
            String fileName, byte[] profile, Map<String, byte[]> files, StatementVerifier verifier)
            throws ProfileException {
        ProfileReader.Read read = read(fileName, profile);
        return new Assessor(Catalogs.builtIn(), verifier).assess(read.profile(), profile, Map.copyOf(files));
    }

    /** {@link #EXIT_REACHED} when the target level is reached, else {@link #EXIT_BLOCKED}. */
    public static int exitCode(Assessment assessment) {
        return assessment.targetReached() ? EXIT_REACHED : EXIT_BLOCKED;
    }

    /** JSON with {@code value}, {@code rating} and {@code exploitable}. */
    public static String json(AttackPotentialResult result) {
        return write(result);
    }

    /** The whole assessment as JSON, snake_case names. */
    public static String json(Assessment assessment) {
        return write(assessment);
    }

    /** A self-contained HTML report (no script, styles in one style element). */
    public static String html(Assessment assessment) {
        return HtmlReport.render(assessment);
    }

    /** The same report as {@link #html}, as a PDF document (A4, standard fonts, nothing embedded but the text). */
    public static byte[] pdf(Assessment assessment) {
        return PdfReport.render(assessment);
    }

    private static ProfileReader.Read read(String name, byte[] bytes) {
        ProfileReader.Read read = new ProfileReader().read(name, bytes);
        ProfileValidator.check(read.profile(), read.locations(), Catalogs.builtIn());
        return read;
    }

    private static Path realFolder(Path profile) {
        Path folder = profile.toAbsolutePath().getParent();
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            return folder;
        }
    }

    private static List<String> references(Profile p) {
        List<String> refs = new ArrayList<>();
        for (var f : Assessor.orEmpty(p.securityFunctions())) {
            for (var e : Assessor.orEmpty(f.evidence())) {
                refs.add(e.file());
            }
        }
        var lc = p.lifeCycle();
        if (lc != null && lc.sbom() != null) {
            refs.add(lc.sbom().file());
        }
        if (lc != null && lc.updateChannel() != null && lc.updateChannel().evidence() != null) {
            refs.add(lc.updateChannel().evidence().file());
        }
        var a = p.attestations();
        if (a != null) {
            for (var s : new Profile.Statement[] {a.declaration(), a.assessorReview(), a.certification()}) {
                if (s != null) {
                    refs.add(s.signature());
                    refs.add(s.key());
                }
            }
        }
        return refs;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON rendering failed", e);
        }
    }
}

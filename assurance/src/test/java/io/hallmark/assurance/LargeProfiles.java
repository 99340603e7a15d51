package io.hallmark.assurance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds big profiles for load tests and benchmarks: the camera example with its threats replaced by {@code n}
 * generated ones, cycling through every level of every attack potential factor and every asset.
 */
public final class LargeProfiles {
    private static final List<String> ELAPSED = List.of(
            "le_1_day",
            "le_1_week",
            "le_2_weeks",
            "le_1_month",
            "le_2_months",
            "le_3_months",
            "le_4_months",
            "le_5_months",
            "le_6_months",
            "gt_6_months");
    private static final List<String> EXPERTISE = List.of("layman", "proficient", "expert", "multiple_experts");
    private static final List<String> KNOWLEDGE = List.of("public", "restricted", "sensitive", "critical");
    private static final List<String> WINDOW =
            List.of("unnecessary_unlimited", "easy", "moderate", "difficult", "none");
    private static final List<String> EQUIPMENT = List.of("standard", "specialised", "bespoke", "multiple_bespoke");
    private static final List<String> ASSETS =
            List.of("video-stream", "account-credentials", "firmware", "camera-service");

    private LargeProfiles() {}

    /** The camera example's text with {@code n} generated threats, each mitigated by SF-AUTH. */
    static String cameraWithThreats(int n) {
        return cameraWithThreats(Workspace.EXAMPLES, n);
    }

    /**
     * The camera example in {@code examples} (the repository's {@code examples/} directory) with {@code n} generated
     * threats, each mitigated by SF-AUTH: the large profile of the assessment benchmark.
     */
    public static String cameraWithThreats(Path examples, int n) {
        String camera;
        try {
            camera = Files.readString(examples.resolve("camera.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int from = camera.indexOf("\nthreats:\n") + "\nthreats:\n".length();
        int to = camera.indexOf("\nsecurity_functions:");
        StringBuilder threats = new StringBuilder(n * 300);
        for (int i = 0; i < n; i++) {
            threats.append("  - id: G")
                    .append(i)
                    .append("\n    title: \"Generated threat ")
                    .append(i)
                    .append("\"\n    attack_path: \"Generated path\"\n    targets: [")
                    .append(ASSETS.get(i % ASSETS.size()))
                    .append("]\n    interfaces: [wifi]\n    attack_potential: {elapsed_time: ")
                    .append(ELAPSED.get(i % ELAPSED.size()))
                    .append(", expertise: ")
                    .append(EXPERTISE.get(i / 3 % EXPERTISE.size()))
                    .append(", knowledge_of_toe: ")
                    .append(KNOWLEDGE.get(i / 7 % KNOWLEDGE.size()))
                    .append(", window_of_opportunity: ")
                    .append(WINDOW.get(i / 2 % WINDOW.size()))
                    .append(", equipment: ")
                    .append(EQUIPMENT.get(i / 5 % EQUIPMENT.size()))
                    .append("}\n    mitigations: [SF-AUTH]\n");
        }
        return camera.substring(0, from) + threats + camera.substring(to);
    }
}

package io.hallmark.assurance;

import io.hallmark.assurance.AttackPotentialResult.Rating;
import io.hallmark.core.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ISO/IEC 18045 Annex B.4 attack potential table (CEM v3.1 R5 Tables 3 and 4): five factors, each with levels and
 * values, summed for an attack path and compared with the rating bands.
 *
 * @param version the catalog version it was loaded from
 * @param factors factor id to (level id to value); a {@code null} value means "not practical" (the {@code **} of the
 *     window of opportunity {@code none}), which makes the path not exploitable
 * @param bands the rating bands in increasing order; the last one is open-ended
 * @param avaVan AVA_VAN component (e.g. {@code AVA_VAN.3}) to the attack potential it must resist (CC Part 3)
 */
record AttackPotentialTable(
        String version, Map<String, Map<String, Integer>> factors, List<Band> bands, Map<String, Rating> avaVan) {

    /** The factor ids in the order of the table. */
    static final List<String> FACTOR_IDS =
            List.of("elapsed_time", "expertise", "knowledge_of_toe", "window_of_opportunity", "equipment");

    AttackPotentialTable {
        Checks.notBlank(version, "version");
        Checks.check(factors.keySet().equals(Set.copyOf(FACTOR_IDS)), "factors", factors.keySet(), "the five of B.4");
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        for (String f : FACTOR_IDS) {
            // values may be null, so Map.copyOf cannot be used
            copy.put(f, Collections.unmodifiableMap(new LinkedHashMap<>(factors.get(f))));
        }
        factors = Collections.unmodifiableMap(copy);
        bands = List.copyOf(bands);
        Checks.notEmpty(bands, "bands");
        int expectedMin = 0;
        for (Band b : bands) {
            Checks.check(b.min() == expectedMin, "band min", b.min(), "contiguous from 0, " + expectedMin);
            expectedMin = b.max() == null ? Integer.MAX_VALUE : b.max() + 1;
        }
        Checks.check(
                bands.getLast().max() == null, "last band max", bands.getLast().max(), "open-ended (null)");
        avaVan = Map.copyOf(avaVan);
    }

    /** A value range of the sum and the attack potential required to exploit a path scoring in it (Table 4). */
    record Band(int min, Integer max, Rating rating) {}

    /** Whether {@code level} is one of the levels of {@code factor}. */
    boolean hasLevel(String factor, String level) {
        Map<String, Integer> levels = factors.get(factor);
        return levels != null && levels.containsKey(level);
    }

    /** The level ids of {@code factor}, in table order. */
    List<String> levels(String factor) {
        return List.copyOf(factors.getOrDefault(factor, Map.of()).keySet());
    }

    /**
     * Rates one attack path, B.4: sums the five factor values and finds the band. A level without a value (window of
     * opportunity {@code none}, marked {@code **}) makes the path not exploitable: no sum and no rating.
     *
     * @param levels factor id to level id, all five factors
     * @throws IllegalArgumentException naming the first factor or level that the table does not have
     */
    AttackPotentialResult rate(Map<String, String> levels) {
        int sum = 0;
        boolean exploitable = true;
        for (String factor : FACTOR_IDS) {
            String level = levels.get(factor);
            Checks.check(
                    level != null && hasLevel(factor, level),
                    factor,
                    level,
                    "one of " + String.join(", ", levels(factor)));
            Integer v = factors.get(factor).get(level);
            if (v == null) {
                exploitable = false;
            } else {
                sum += v;
            }
        }
        if (!exploitable) {
            return new AttackPotentialResult(null, null, false);
        }
        return new AttackPotentialResult(sum, band(sum).rating(), true);
    }

    /** The band a sum falls in. */
    Band band(int sum) {
        Checks.check(sum >= 0, "sum", sum, ">= 0");
        for (Band b : bands) {
            if (b.max() == null || sum <= b.max()) {
                return b;
            }
        }
        throw new IllegalStateException("no band for " + sum);
    }

    /** The lowest sum that a path needs to lie above the band {@code resisted} (CC Part 3 AVA_VAN pass rule). */
    int lowestSumAbove(Rating resisted) {
        for (Band b : bands) {
            if (b.rating() == resisted) {
                Checks.check(b.max() != null, "resisted", resisted, "a band with an upper bound");
                return b.max() + 1;
            }
        }
        throw new IllegalArgumentException("resisted: " + resisted + " (expected: a band of the table)");
    }
}

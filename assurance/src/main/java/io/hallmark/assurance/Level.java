package io.hallmark.assurance;

/**
 * The assurance levels of a product; each includes all below it. The rules are in {@link LevelRules}.
 */
public enum Level {
    /** No level reached. */
    NONE,
    /** Self-assessment. */
    L1,
    /** Self-certification. */
    L2,
    /** External assessment. */
    L3,
    /** External certification. */
    L4
}

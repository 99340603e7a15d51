package io.hallmark.server.vuln;

import java.util.Comparator;
import java.util.Optional;

/**
 * A total order on one ecosystem's version strings, for evaluating OSV ranges. A version the scheme cannot read
 * makes {@link #comparator()} throw {@link IllegalArgumentException}; callers turn that into a note, never a match.
 */
public enum VersionScheme {
    /** Semantic Versioning 2.0.0 precedence (§11); also npm, crates.io and Go (leading {@code v} allowed). */
    SEMVER(SemVer::compare),
    /** Maven's version order (the ordering of Maven's ComparableVersion, common subset). */
    MAVEN(MavenVersion::compare),
    /** PEP 440 version order (PyPI). */
    PEP440(Pep440Version::compare);

    private final Comparator<String> comparator;

    VersionScheme(Comparator<String> comparator) {
        this.comparator = comparator;
    }

    /** The order; throws {@link IllegalArgumentException} on a version the scheme cannot read. */
    public Comparator<String> comparator() {
        return comparator;
    }

    /**
     * The scheme for an OSV range: {@code SEMVER} ranges are always Semantic Versioning (OSV schema "SEMVER"); for
     * {@code ECOSYSTEM} ranges, the ecosystems implemented here, else empty.
     */
    public static Optional<VersionScheme> forRange(String rangeType, String ecosystem) {
        if (rangeType.equals("SEMVER")) {
            return Optional.of(SEMVER);
        }
        if (!rangeType.equals("ECOSYSTEM")) {
            return Optional.empty();
        }
        return switch (ecosystem) {
            case "npm", "Go", "crates.io" -> Optional.of(SEMVER);
            case "Maven" -> Optional.of(MAVEN);
            case "PyPI" -> Optional.of(PEP440);
            default -> Optional.empty();
        };
    }
}

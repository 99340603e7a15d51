package io.hallmark.server.vuln;

import java.util.List;
import java.util.Optional;

/**
 * One imported OSV advisory (OSV schema 1.x), reduced to what matching needs.
 *
 * @param id the advisory's id ({@code GHSA-...}, {@code CVE-...}, ...)
 * @param aliases other ids of the same vulnerability
 * @param summary the one-line summary, or empty
 * @param modified when the record was last modified (RFC 3339 text, as given)
 * @param withdrawn whether the record was withdrawn (then it matches nothing)
 * @param exploited whether the record says the vulnerability is known to be exploited (see {@link OsvParser})
 * @param affected the affected packages
 * @param json the record as imported (compact JSON), kept so it can be stored and read again
 */
public record Advisory(
        String id,
        List<String> aliases,
        String summary,
        String modified,
        boolean withdrawn,
        boolean exploited,
        List<Affected> affected,
        String json) {

    /** Copies the lists. */
    public Advisory {
        aliases = List.copyOf(aliases);
        affected = List.copyOf(affected);
    }

    /**
     * One entry of {@code affected}: a package (absent for repository-only records, matched by commit) and its
     * ranges and listed versions.
     *
     * @param ecosystem the OSV ecosystem ({@code npm}, {@code Maven}, ...), empty without a package
     * @param name the package name in that ecosystem, empty without a package
     * @param purl the package URL, if given
     * @param ranges the ranges
     * @param versions versions listed as affected
     */
    public record Affected(
            String ecosystem, String name, Optional<String> purl, List<Range> ranges, List<String> versions) {
        /** Copies the lists. */
        public Affected {
            ranges = List.copyOf(ranges);
            versions = List.copyOf(versions);
        }
    }

    /**
     * An OSV range (schema {@code affected[].ranges[]}).
     *
     * @param type {@code SEMVER}, {@code ECOSYSTEM} or {@code GIT}
     * @param repo the repository, for {@code GIT}
     * @param events the events, in the order given
     */
    public record Range(String type, Optional<String> repo, List<Event> events) {
        /** Copies the list. */
        public Range {
            events = List.copyOf(events);
        }
    }

    /**
     * A range event.
     *
     * @param kind which event
     * @param version the version or commit
     */
    public record Event(Kind kind, String version) {}

    /** The OSV event kinds. */
    public enum Kind {
        /** The version the vulnerability was introduced in ({@code "0"}: from the beginning). */
        INTRODUCED,
        /** The first version with the fix. */
        FIXED,
        /** The last affected version (inclusive). */
        LAST_AFFECTED,
        /** An upper limit on the range (exclusive). */
        LIMIT
    }
}

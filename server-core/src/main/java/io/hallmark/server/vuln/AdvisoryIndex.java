package io.hallmark.server.vuln;

import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.vuln.Advisory.Affected;
import io.hallmark.server.vuln.Advisory.Range;
import io.hallmark.server.vuln.RangeMatcher.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Advisories indexed by package, so that matching an SBOM is one hash lookup per component rather than a cross
 * product of advisories and components. Keys: the OSV ecosystem and name (PyPI names normalised per PEP 503), the
 * package's purl without version and qualifiers, and for {@code GIT} ranges the repository ({@code host/owner/repo},
 * reached from {@code pkg:github}/{@code pkg:gitlab}/{@code pkg:bitbucket} purls). Withdrawn advisories are left out.
 */
public final class AdvisoryIndex {
    /** One advisory entry under a key. */
    private record Entry(Advisory advisory, Affected affected) {}

    /**
     * A component inside an advisory's range, or undecided with a note.
     *
     * @param advisory the advisory
     * @param component the component
     * @param affected whether the component's version is affected
     * @param note why it could not be decided, when undecided
     */
    public record Match(Advisory advisory, Component component, boolean affected, Optional<String> note) {}

    private final Map<String, List<Entry>> byKey = new HashMap<>();

    /** Indexes the advisories. */
    public AdvisoryIndex(Collection<Advisory> advisories) {
        for (Advisory a : advisories) {
            if (a.withdrawn()) {
                continue;
            }
            for (Affected f : a.affected()) {
                Set<String> keys = new LinkedHashSet<>();
                if (!f.ecosystem().isEmpty()) {
                    keys.add(packageKey(f.ecosystem(), f.name()));
                }
                f.purl().flatMap(AdvisoryIndex::purlKey).ifPresent(keys::add);
                for (Range r : f.ranges()) {
                    r.repo().flatMap(AdvisoryIndex::repoKey).ifPresent(keys::add);
                }
                Entry e = new Entry(a, f);
                keys.forEach(
                        k -> byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(e));
            }
        }
    }

    /**
     * The advisories whose ranges contain a component (affected) or might (undecided, with a note). Components
     * without a purl or version are not matched: an SBOM component is identified by its purl.
     */
    public List<Match> match(Component c) {
        Optional<Purl> purl = c.purl().flatMap(AdvisoryIndex::tryParse);
        if (purl.isEmpty()) {
            return List.of();
        }
        Purl p = purl.get();
        String version = !p.version().isEmpty() ? p.version() : c.version();
        if (version.isEmpty()) {
            return List.of();
        }
        Set<String> keys = new LinkedHashSet<>();
        p.osvPackage().ifPresent(o -> keys.add(packageKey(o[0], o[1])));
        purlKey(p).ifPresent(keys::add);
        if (Set.of("github", "gitlab", "bitbucket").contains(p.type())) {
            keys.add(p.type() + ".com/" + (p.namespace() + "/" + p.name()).toLowerCase(Locale.ROOT));
        }
        Set<Entry> seen = new LinkedHashSet<>();
        keys.forEach(k -> seen.addAll(byKey.getOrDefault(k, List.of())));
        List<Match> out = new ArrayList<>();
        Set<String> reported = new LinkedHashSet<>();
        for (Entry e : seen) {
            Verdict v = RangeMatcher.match(e.affected(), version);
            if ((v.affected() || v.note().isPresent())
                    && reported.add(e.advisory().id() + "\u0000" + v.affected())) {
                out.add(new Match(e.advisory(), c, v.affected(), v.note()));
            }
        }
        return out;
    }

    /** All matches of the components. */
    public List<Match> matchAll(Collection<Component> components) {
        List<Match> out = new ArrayList<>();
        components.forEach(c -> out.addAll(match(c)));
        return out;
    }

    static String packageKey(String ecosystem, String name) {
        String n = ecosystem.equals("PyPI") ? Purl.pypiName(name) : name;
        return "osv:" + ecosystem + "\u0000" + n;
    }

    private static Optional<String> purlKey(String purl) {
        return tryParse(purl).flatMap(AdvisoryIndex::purlKey);
    }

    private static Optional<String> purlKey(Purl p) {
        return Optional.of("purl:" + p.type() + "/" + p.namespace() + "/" + p.name());
    }

    /** {@code host/owner/repo} of an https repository URL, lowercase, without {@code .git}. */
    static Optional<String> repoKey(String url) {
        String u = url.toLowerCase(Locale.ROOT)
                .replaceFirst("^(https?|git)://", "")
                .replaceFirst("\\.git$", "");
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.isEmpty() ? Optional.empty() : Optional.of(u);
    }

    private static Optional<Purl> tryParse(String s) {
        try {
            return Optional.of(Purl.parse(s));
        } catch (UntrustedInputException e) {
            return Optional.empty();
        }
    }
}

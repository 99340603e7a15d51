package io.hallmark.server.vuln;

import io.hallmark.server.vuln.Advisory.Affected;
import io.hallmark.server.vuln.Advisory.Event;
import io.hallmark.server.vuln.Advisory.Kind;
import io.hallmark.server.vuln.Advisory.Range;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a version falls in an OSV {@code affected} entry: listed in {@code versions}, or inside one of its ranges
 * by the evaluation of the OSV schema ("Evaluation": events sorted by version, {@code introduced} opens,
 * {@code fixed} and {@code limit} close, {@code last_affected} closes after its version).
 *
 * <p>{@code GIT} ranges are matched by commit only: a version equal to a listed {@code introduced} or
 * {@code last_affected} commit is affected, one equal to a {@code fixed} commit is not; any other commit is
 * undecided, because deciding it needs the repository's history, which Hallmark does not fetch.
 */
public final class RangeMatcher {
    private RangeMatcher() {}

    /** The outcome: affected or not, or undecided with a note saying why. */
    public record Verdict(boolean affected, Optional<String> note) {
        static final Verdict YES = new Verdict(true, Optional.empty());
        static final Verdict NO = new Verdict(false, Optional.empty());

        static Verdict undecided(String note) {
            return new Verdict(false, Optional.of(note));
        }
    }

    /** Evaluates {@code version} against {@code affected}. */
    public static Verdict match(Affected affected, String version) {
        if (affected.versions().contains(version)) {
            return Verdict.YES;
        }
        List<String> notes = new ArrayList<>();
        for (Range r : affected.ranges()) {
            Verdict v = r.type().equals("GIT") ? git(r, version) : ordered(r, affected.ecosystem(), version);
            if (v.affected()) {
                return v;
            }
            v.note().ifPresent(notes::add);
        }
        return notes.isEmpty() ? Verdict.NO : Verdict.undecided(String.join("; ", notes));
    }

    private static Verdict git(Range r, String commit) {
        for (Event e : r.events()) {
            if (e.version().equalsIgnoreCase(commit)) {
                return e.kind() == Kind.FIXED || e.kind() == Kind.LIMIT ? Verdict.NO : Verdict.YES;
            }
        }
        return Verdict.undecided(
                "GIT range: only the listed commits are matched, " + Notes.shorten(commit) + " is not one of them");
    }

    private static Verdict ordered(Range r, String ecosystem, String version) {
        Optional<VersionScheme> scheme = VersionScheme.forRange(r.type(), ecosystem);
        if (scheme.isEmpty()) {
            return Verdict.undecided(r.type() + " range of ecosystem " + Notes.shorten(ecosystem)
                    + ": version order not implemented, only listed versions are matched");
        }
        Comparator<String> order = scheme.get().comparator();
        try {
            order.compare(version, version);
            // "0" means "from the beginning" and sorts before every version
            Comparator<Event> byVersion = Comparator.comparing(
                    Event::version,
                    (a, b) -> a.equals("0") ? (b.equals("0") ? 0 : -1) : b.equals("0") ? 1 : order.compare(a, b));
            List<Event> events = new ArrayList<>(r.events());
            events.sort(byVersion);
            boolean vulnerable = false;
            for (Event e : events) {
                boolean zero = e.version().equals("0");
                int c = zero ? 1 : order.compare(version, e.version());
                switch (e.kind()) {
                    case INTRODUCED -> vulnerable |= c >= 0;
                    case FIXED, LIMIT -> vulnerable &= c < 0;
                    case LAST_AFFECTED -> vulnerable &= c <= 0;
                }
            }
            return vulnerable ? Verdict.YES : Verdict.NO;
        } catch (IllegalArgumentException e) {
            return Verdict.undecided(r.type() + " range: " + e.getMessage());
        }
    }
}

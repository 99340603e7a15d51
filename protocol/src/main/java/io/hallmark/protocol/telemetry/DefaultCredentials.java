package io.hallmark.protocol.telemetry;

import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The list of known default credentials of IoT devices (the resource {@code default-credentials.txt}: the 60 distinct
 * username/password pairs the Mirai botnet's scanner tried, public facts), and the check an agent runs with it on
 * its device: each entry whose username is a local account is tried against that account's stored verifier, on the
 * device. The report ({@link TelemetryReport.AccountCheck}) carries the list's id and the ids of the entries that
 * matched, never a password or a hash of one: what it tells is only which public default an account still has.
 */
public final class DefaultCredentials {
    /**
     * One entry.
     *
     * @param id a stable id, e.g. {@code mirai-04}
     * @param user the username
     * @param password the password (may be empty)
     */
    public record Entry(String id, String user, String password) {
        /** Checks the fields. */
        public Entry {
            Checks.check(TelemetrySyntax.isEntryId(id), "id", id, "1..32 of a-z 0-9 -");
            Checks.notNull(user, "user");
            Checks.notNull(password, "password");
        }

        @Override
        public String toString() {
            return id + " (" + user + ")"; // the password stays out of logs, although it is public
        }
    }

    private static final DefaultCredentials BUILT_IN = load();

    private final List<Entry> entries;
    private final Map<String, Entry> byId;
    private final String listId;

    private DefaultCredentials(List<Entry> entries, String listId) {
        this.entries = List.copyOf(entries);
        this.byId = new LinkedHashMap<>();
        for (Entry e : entries) {
            byId.putIfAbsent(e.id(), e);
        }
        this.listId = listId;
    }

    /** The built-in list. */
    public static DefaultCredentials builtIn() {
        return BUILT_IN;
    }

    /** The entries, in the list's order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entry with id {@code id}. */
    public Optional<Entry> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The list's id: the first 16 hex digits of the SHA-256 of the resource file. */
    public String listId() {
        return listId;
    }

    /**
     * Checks local accounts on the device: {@code verifies} answers whether a candidate password opens an account
     * (on a real device: crypt(3) against the account's shadow entry; compare in constant time).
     *
     * @param accounts the local accounts' names
     * @param verifies (username, candidate password) to whether it opens that account
     */
    public TelemetryReport.AccountCheck check(List<String> accounts, BiPredicate<String, String> verifies) {
        List<TelemetryReport.AccountMatch> matches = new ArrayList<>();
        List<String> checked = accounts.stream()
                .filter(TelemetrySyntax::isAccount)
                .distinct()
                .limit(TelemetryReport.AccountCheck.MAX_ACCOUNTS)
                .toList();
        for (String user : checked) {
            for (Entry e : entries) {
                if (e.user().equals(user) && verifies.test(user, e.password())) {
                    if (matches.size() < TelemetryReport.AccountCheck.MAX_MATCHES) {
                        matches.add(new TelemetryReport.AccountMatch(user, e.id()));
                    }
                    break;
                }
            }
        }
        return new TelemetryReport.AccountCheck(listId, checked.size(), matches);
    }

    /** Whether two passwords are equal, in time independent of where they differ. */
    public static boolean sameSecret(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static DefaultCredentials load() {
        byte[] bytes;
        try (InputStream in = DefaultCredentials.class.getResourceAsStream("default-credentials.txt")) {
            if (in == null) {
                throw new IllegalStateException("default-credentials.txt is missing from the classpath");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(bytes);
    }

    /** Parses a list: {@code id TAB user TAB password} per line, {@code #} comments and blank lines skipped. */
    static DefaultCredentials parse(byte[] bytes) {
        List<Entry> entries = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Checks.check(f.length == 3, "default credentials line", f[0], "id TAB user TAB password");
            entries.add(new Entry(f[0], f[1], f[2]));
        }
        return new DefaultCredentials(entries, Hashes.hex(Hashes.sha256(bytes)).substring(0, 16));
    }
}

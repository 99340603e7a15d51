package io.hallmark.server.fleetaudit;

import io.hallmark.core.Checks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Known-weak RSA keys, read from files in the format of Debian's {@code openssl-blacklist} package: the keys that the
 * Debian OpenSSL random number generator flaw (CVE-2008-0166, DSA-1571) could produce, whose private halves anyone can
 * regenerate. The platform ships no list; the operator points {@code fleet-audit.weak-key-blocklist} at a directory
 * holding such files.
 *
 * <p>Format (as {@code openssl-vulnkey} reads it): one file per key size, named {@code blacklist.RSA-<bits>} (e.g.
 * {@code blacklist.RSA-2048}); lines starting with {@code #} and blank lines are ignored; every other line is the last
 * 20 hexadecimal digits (the low 80 bits) of the SHA-1 of {@code "Modulus=" + N + "\n"}, where {@code N} is the
 * modulus in upper-case hexadecimal without leading zeros, as {@code openssl x509 -noout -modulus} prints it. Other
 * files in the directory ({@code blacklist.DSA-1024}, a README) are skipped: certificates here carry no DSA keys.
 *
 * <p>A malformed line is reported with its file and line number and left out; the rest of the file is loaded. The
 * fingerprints are kept as sorted arrays of 64 + 16 bits per entry (10 bytes, duplicates dropped) and looked up by
 * binary search. Immutable and safe for concurrent use.
 */
public final class WeakKeyBlocklist {
    /** The list without entries: nothing is known-weak. */
    public static final WeakKeyBlocklist EMPTY = new WeakKeyBlocklist(Map.of());

    private static final Pattern FILE_NAME = Pattern.compile("blacklist\\.RSA-([0-9]{3,5})");
    private static final Pattern ENTRY = Pattern.compile("[0-9a-fA-F]{20}");
    private static final int MIN_BITS = 512;
    private static final int MAX_BITS = 16384;

    /** Per modulus size in bits, the sorted fingerprints. */
    private final Map<Integer, Fingerprints> bySize;

    private WeakKeyBlocklist(Map<Integer, Fingerprints> bySize) {
        this.bySize = Map.copyOf(bySize);
    }

    /**
     * What loading found: the list and one message per malformed line or unreadable file.
     *
     * @param blocklist the entries that were well-formed
     * @param errors e.g. {@code blacklist.RSA-2048 line 17: "xyz" (expected: 20 hexadecimal digits)}
     */
    public record Loaded(WeakKeyBlocklist blocklist, List<String> errors) {
        /** Copies the errors. */
        public Loaded {
            Checks.notNull(blocklist, "blocklist");
            errors = List.copyOf(errors);
        }
    }

    /**
     * Loads every {@code blacklist.RSA-<bits>} file of {@code directory}.
     *
     * @throws IllegalArgumentException when {@code directory} is not a readable directory
     */
    public static Loaded load(Path directory) {
        Checks.notNull(directory, "directory");
        Checks.check(Files.isDirectory(directory), "fleet-audit.weak-key-blocklist", directory, "a directory");
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(
                            p -> FILE_NAME.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "fleet-audit.weak-key-blocklist: " + directory + " (expected: a readable directory)", e);
        }
        Builder builder = new Builder();
        for (Path file : files) {
            String name = file.getFileName().toString();
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                builder.read(name, reader);
            } catch (IOException | UncheckedIOException e) {
                builder.errors.add(name + ": unreadable (" + e.getClass().getSimpleName() + ")");
            }
        }
        return builder.build();
    }

    /**
     * Reads one file's content.
     *
     * @param fileName the file's name, {@code blacklist.RSA-<bits>}, which gives the key size of its entries
     */
    static Loaded read(String fileName, String content) {
        Builder builder = new Builder();
        try {
            builder.read(fileName, new BufferedReader(new StringReader(content)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return builder.build();
    }

    /** Whether the RSA key with {@code modulus} is on the list of its size. */
    public boolean contains(BigInteger modulus) {
        Checks.notNull(modulus, "modulus");
        if (modulus.signum() <= 0) {
            return false;
        }
        Fingerprints f = bySize.get(modulus.bitLength());
        return f != null && f.contains(fingerprint(modulus));
    }

    /** How many entries the list holds, over every key size. */
    public int size() {
        return bySize.values().stream().mapToInt(f -> f.high.length).sum();
    }

    /** The key sizes with entries, in bits. */
    public List<Integer> keySizes() {
        return bySize.keySet().stream().sorted().toList();
    }

    /**
     * The blocklist entry of {@code modulus}: the last 20 hexadecimal digits (lower case) of the SHA-1 of {@code
     * "Modulus=<N in upper-case hex>\n"}, what {@code openssl x509 -noout -modulus | sha1sum | cut -c 21-40} gives.
     */
    public static String fingerprint(BigInteger modulus) {
        Checks.check(modulus.signum() > 0, "modulus", modulus.signum(), "> 0");
        String line = "Modulus=" + modulus.toString(16).toUpperCase(Locale.ROOT) + "\n";
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(line.getBytes(StandardCharsets.US_ASCII));
            return java.util.HexFormat.of().formatHex(sha1).substring(20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1", e);
        }
    }

    /** Collects entries per key size and errors per line. */
    private static final class Builder {
        final Map<Integer, List<String>> entries = new HashMap<>();
        final List<String> errors = new ArrayList<>();

        void read(String fileName, BufferedReader reader) throws IOException {
            Matcher m = FILE_NAME.matcher(fileName);
            Checks.check(m.matches(), "fileName", fileName, "blacklist.RSA-<bits>");
            int bits = Integer.parseInt(m.group(1));
            if (bits < MIN_BITS || bits > MAX_BITS) {
                errors.add(fileName + ": key size " + bits + " (expected: " + MIN_BITS + " to " + MAX_BITS + ")");
                return;
            }
            List<String> into = entries.computeIfAbsent(bits, b -> new ArrayList<>());
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                if (ENTRY.matcher(entry).matches()) {
                    into.add(entry.toLowerCase(Locale.ROOT));
                } else {
                    errors.add(fileName + " line " + number + ": " + shown(entry)
                            + " (expected: 20 hexadecimal digits, the end of the SHA-1 of the modulus line)");
                }
            }
        }

        Loaded build() {
            Map<Integer, Fingerprints> bySize = new HashMap<>();
            entries.forEach((bits, list) -> {
                if (!list.isEmpty()) {
                    bySize.put(bits, Fingerprints.of(list));
                }
            });
            return new Loaded(new WeakKeyBlocklist(bySize), errors);
        }

        /** The line as it may appear in a message: quoted, printable ASCII only, at most 40 characters. */
        private static String shown(String line) {
            StringBuilder sb = new StringBuilder("\"");
            for (int i = 0; i < line.length() && i < 40; i++) {
                char c = line.charAt(i);
                sb.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
            }
            return sb.append(line.length() > 40 ? "...\"" : "\"").toString();
        }
    }

    /** Sorted 80-bit fingerprints: the first 64 bits and the last 16, sorted together. */
    private static final class Fingerprints {
        final long[] high;
        final char[] low;

        private Fingerprints(long[] high, char[] low) {
            this.high = high;
            this.low = low;
        }

        static Fingerprints of(List<String> hex) {
            long[][] pairs = new long[hex.size()][];
            for (int i = 0; i < pairs.length; i++) {
                pairs[i] = split(hex.get(i));
            }
            Arrays.sort(pairs, (a, b) -> a[0] != b[0] ? Long.compareUnsigned(a[0], b[0]) : Long.compare(a[1], b[1]));
            int n = 0;
            long[] high = new long[pairs.length];
            char[] low = new char[pairs.length];
            for (long[] p : pairs) {
                if (n > 0 && high[n - 1] == p[0] && low[n - 1] == p[1]) {
                    continue; // the same entry twice
                }
                high[n] = p[0];
                low[n] = (char) p[1];
                n++;
            }
            return new Fingerprints(Arrays.copyOf(high, n), Arrays.copyOf(low, n));
        }

        boolean contains(String hex) {
            long[] key = split(hex);
            int lo = 0;
            int hi = high.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = Long.compareUnsigned(high[mid], key[0]);
                if (c == 0) {
                    c = Long.compare(low[mid], key[1]);
                }
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return true;
                }
            }
            return false;
        }

        private static long[] split(String hex) {
            return new long[] {Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseLong(hex.substring(16), 16)};
        }
    }
}
